// Running the real CLI in a child process, as a user would from a shell.
import { execFile, spawn, type ChildProcess } from 'node:child_process';

export const BIN = new URL('../../server/bin.ts', import.meta.url).pathname;
/** How a test runs the CLI from source, as `npm start` does. */
export const NODE_ARGS = ['--import', 'tsx', BIN];

/** Starts `alipay-sandbox start ...` and resolves once it printed its URL and public key. */
export function startCli(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; output: string; url: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'start', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no URL printed:\n${output}`)); }, 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/public key[^\n]*\n\s+\S+\n/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output, url: /listening on (\S+)/.exec(output)![1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${output}`)); });
  });
}

/** Runs one CLI command to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...NODE_ARGS, ...args], { timeout: 90_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
