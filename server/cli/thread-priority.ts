// The event loop thread reads every request and writes every answer; the thread pool's RSA signatures are
// throughput work that can wait a moment. With as many busy threads as cores, fair scheduling made the
// event loop wait behind signatures (answers signed but not yet written, requests arrived but not yet
// read), and cores sat idle between bursts: signed pay ran ~7-11% slower on 2 cores than with the event
// loop given precedence. So the CLI lowers every other thread of its process (the thread pool, V8's
// helpers) a few nice levels below the event loop. Linux only: elsewhere a thread's priority cannot be set
// by its id, and nothing changes. Not done for the library, whose process belongs to the caller.
import { randomFill } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How far below the event loop. 2 to 5 measured alike; from 7 the signatures starve and it is lost again. */
export const BACKGROUND_NICENESS = 3;

/** The process's threads, by id, where the system lists them (Linux). */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
}

/** Resolves to how many threads were lowered: none where it cannot be done. */
export function lowerBackgroundThreads(niceness = BACKGROUND_NICENESS): Promise<number> {
  // libuv starts its whole pool on the first piece of work; this makes sure the pool is there to lower.
  return new Promise((resolve) => randomFill(Buffer.alloc(1), () => {
    const target = Math.min(19, getPriority() + niceness);
    let lowered = 0;
    for (const id of threadIds()) {
      if (id === process.pid) continue;
      try {
        setPriority(id, target);
        lowered++;
      } catch {
        // A thread that ended in the meantime, or a system that refuses: it keeps its priority.
      }
    }
    resolve(lowered);
  }));
}
