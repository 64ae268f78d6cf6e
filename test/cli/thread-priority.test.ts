// The CLI lowers every thread but the event loop a few nice levels. Checked in a child process (the test
// runner's own threads are not ours to change), by reading each thread's priority back from the system.
import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICENESS } from '../../server/cli/thread-priority.ts';

const MODULE = new URL('../../server/cli/thread-priority.ts', import.meta.url).pathname;
const SCRIPT = `
  import { getPriority } from 'node:os';
  import { readdirSync } from 'node:fs';
  const { lowerBackgroundThreads } = await import(${JSON.stringify(MODULE)});
  const base = getPriority();
  const lowered = await lowerBackgroundThreads();
  const threads = readdirSync('/proc/self/task').map((id) => ({ id: Number(id), nice: getPriority(Number(id)) }));
  console.log(JSON.stringify({ pid: process.pid, base, lowered, threads }));
`;

// Thread priorities are read from /proc, and set per thread, which only Linux allows.
describe.skipIf(process.platform !== 'linux')('lowering the background threads (Linux only: /proc)', () => {
  it('puts every thread but the event loop below it, the thread pool included', () => {
    const out = execFileSync('nice', ['-n', '2', process.execPath, '--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      env: { ...process.env, UV_THREADPOOL_SIZE: '3' },
      encoding: 'utf8',
    });
    const { pid, base, lowered, threads } = JSON.parse(out.trim().split('\n').at(-1)!) as { pid: number; base: number; lowered: number; threads: { id: number; nice: number }[] };
    const main = threads.find((t) => t.id === pid)!;
    const others = threads.filter((t) => t.id !== pid);
    // Relative to where the process was started (2 above this one), not to 0.
    expect(base).toBe(Math.min(19, getPriority() + 2));
    expect(main.nice).toBe(base);
    expect(others.length).toBeGreaterThanOrEqual(3);
    expect(lowered).toBe(others.length);
    for (const thread of others) expect(thread.nice).toBe(Math.min(19, base + BACKGROUND_NICENESS));
  });
});
