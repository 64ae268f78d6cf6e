// Two servers measured on one shared core. A same-run comparison of two sandboxes is a question of cost
// per call, and this machine's speed swings by half from one second to the next (other tenants of the
// host stall a virtual core at a time), so two servers measured one after the other compare two different
// machines. Under load at once on the same core, the kernel's fair scheduler gives each half of that core,
// each turns its half into answers at its own cost per call, and a stall of the core stalls both. The load
// generator (this process) gets a core of its own meanwhile, so it never decides the rate.
//
// Linux with `taskset` (util-linux) only; elsewhere, or on one core, pinning fails and callers fall back to
// the solo runs.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Puts every thread of the process on the given CPUs ("0", "1", "0-3"); false when that cannot be done. */
function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` with both servers on CPU 0 and this process on CPU 1, then gives all three every CPU again.
 * Resolves to undefined, without running `work`, where pinning is not possible.
 */
export async function onSharedCore<T>(serverPids: [number, number], work: () => Promise<T>): Promise<T | undefined> {
  const cores = availableParallelism();
  if (cores < 2) return undefined;
  const all = `0-${cores - 1}`;
  const pinned = [pin(serverPids[0], '0'), pin(serverPids[1], '0'), pin(process.pid, '1')];
  try {
    return pinned.every(Boolean) ? await work() : undefined;
  } finally {
    for (const pid of [...serverPids, process.pid]) pin(pid, all);
  }
}
