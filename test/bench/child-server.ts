// Starts serve-under-test.ts in a child process, waits for its ready line, and stops it again.
// The child gets its own event loop (and core) so that the server and autocannon do not take turns on one.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadyLine } from './serve-under-test.ts';

const SCRIPT = fileURLToPath(new URL('./serve-under-test.ts', import.meta.url));

export interface ChildServer {
  ready: ReadyLine;
  pid: number;
  stop(): Promise<void>;
}

export interface ChildOptions {
  args: string[];
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** Another checkout of the project whose serve-under-test.ts to run instead (BENCH_COMPARE_DIR). */
  checkout?: string;
  /** Seeding 100,000 payments takes a while; nothing should take longer than this. */
  readyTimeoutMs?: number;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // A clean exit writes --cpu-prof profiles and removes the data dir (250 MB with 100k payments).
  if (await waitForExit(child, 30_000)) return;
  console.error(`  ! bench server ${child.pid} did not stop within 30 s; killing it`);
  child.kill('SIGKILL');
  await waitForExit(child, 5_000);
}

export async function startChildServer(options: ChildOptions): Promise<ChildServer> {
  const script = options.checkout ? join(options.checkout, 'test', 'bench', 'serve-under-test.ts') : SCRIPT;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...options.args], {
    // tsx is resolved from the checkout the script belongs to.
    ...(options.checkout ? { cwd: options.checkout } : {}),
    // The thread pool sized as the CLI sizes it (server/bin.mjs), so the bench measures what users run.
    env: { UV_THREADPOOL_SIZE: String(availableParallelism()), ...process.env, ...options.env },
    // stdin is a lifeline (the child exits when it closes); stderr goes straight to ours.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  try {
    const ready = await new Promise<ReadyLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench server not ready within ${timeoutMs / 1000} s`)), timeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (!line.startsWith('{')) return;
        try {
          const parsed = JSON.parse(line) as Partial<ReadyLine>;
          if (parsed.ready && parsed.url) {
            clearTimeout(timer);
            resolve(parsed as ReadyLine);
          }
        } catch {
          // Not our ready line; ignore it.
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`bench server exited before it was ready (code ${code}, signal ${signal})`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // Keep draining stdout so a chatty server never blocks on a full pipe.
    child.stdout!.resume();
    return { ready, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
