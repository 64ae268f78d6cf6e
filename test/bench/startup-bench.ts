// Start-up of sandboxes in a fresh process (start-sandboxes.ts in a child): what a test suite that starts
// a sandbox per test file waits. Judged against absolute targets, since nothing else in the run does the
// same work: the first sandbox of a process answers its first pay within 250 ms of createSandbox(), a
// further one within 50 ms (median). A bare node:http server's first request is shown for scale. A process
// has one first sandbox, so one process gives one sample of it: the figure is the median of FRESH_PROCESSES.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./start-sandboxes.ts', import.meta.url));
export const STARTUP_TARGETS = { firstMs: 250, furtherMedianMs: 50 };

/** Fresh processes started one after another; the first sandbox's figure is their median. */
export const FRESH_PROCESSES = 3;

export interface StartupResult {
  importMs: number;
  firstMs: number;
  /** The first sandbox of each fresh process. */
  firstRunsMs: number[];
  furtherMedianMs: number;
  furtherMs: number[];
  bareMedianMs: number;
  met: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type RawStartup = { importMs: number; firstMs: number; furtherMs: number[]; bareMs: number[] };

function oneProcess(further: number, nodeArgs: string[]): Promise<RawStartup> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeArgs, '--import', 'tsx', SCRIPT, String(further)], { timeout: 120_000 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as RawStartup);
    });
  });
}

export async function measureStartup(further = 10, nodeArgs: string[] = []): Promise<StartupResult> {
  const raws: RawStartup[] = [];
  for (let i = 0; i < FRESH_PROCESSES; i++) raws.push(await oneProcess(further, nodeArgs));
  const firstMs = median(raws.map((r) => r.firstMs));
  const furtherMs = raws.flatMap((r) => r.furtherMs);
  const furtherMedianMs = median(furtherMs);
  return {
    importMs: median(raws.map((r) => r.importMs)), firstMs, firstRunsMs: raws.map((r) => r.firstMs), furtherMedianMs, furtherMs,
    bareMedianMs: median(raws.flatMap((r) => r.bareMs)),
    met: firstMs <= STARTUP_TARGETS.firstMs && furtherMedianMs <= STARTUP_TARGETS.furtherMedianMs,
  };
}
