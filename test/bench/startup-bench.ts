// Start-up of sandboxes in a fresh process (start-sandboxes.ts in a child): what a test suite that starts
// a sandbox per test file waits. Judged against absolute targets, since nothing else in the run does the
// same work: the first sandbox of a process answers its first pay within 250 ms of createSandbox(), a
// further one within 50 ms (median). A bare node:http server's first request is shown for scale.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./start-sandboxes.ts', import.meta.url));
export const STARTUP_TARGETS = { firstMs: 250, furtherMedianMs: 50 };

export interface StartupResult {
  importMs: number;
  firstMs: number;
  furtherMedianMs: number;
  furtherMs: number[];
  bareMedianMs: number;
  met: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function measureStartup(further = 10, nodeArgs: string[] = []): Promise<StartupResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeArgs, '--import', 'tsx', SCRIPT, String(further)], { timeout: 120_000 }, (error, stdout) => {
      if (error) return reject(error);
      const raw = JSON.parse(stdout.trim().split('\n').at(-1)!) as { importMs: number; firstMs: number; furtherMs: number[]; bareMs: number[] };
      const furtherMedianMs = median(raw.furtherMs);
      resolve({
        importMs: raw.importMs, firstMs: raw.firstMs, furtherMedianMs, furtherMs: raw.furtherMs, bareMedianMs: median(raw.bareMs),
        met: raw.firstMs <= STARTUP_TARGETS.firstMs && furtherMedianMs <= STARTUP_TARGETS.furtherMedianMs,
      });
    });
  });
}
