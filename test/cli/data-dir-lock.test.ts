// One sandbox per data directory: a second one refuses, naming the directory and the first process; a
// lock left by a process that died is taken over; two started at the same instant never both run. The
// directory also gets a .gitignore, since it holds the sandbox's private key.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { NODE_ARGS, startCli } from '../support/cli.ts';

const children: ChildProcess[] = [];
afterEach(() => { for (const child of children.splice(0)) child.kill('SIGKILL'); });

const freshDir = () => mkdtemp(join(tmpdir(), 'alipay-sandbox-lock-'));

/** Runs `start` until it prints its URL (resolves 'started') or exits (resolves its stderr). */
function race(dir: string): Promise<{ child: ChildProcess; outcome: 'started' | string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'start', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/public key[^\n]*\n\s+\S+\n/.test(stdout)) resolve({ child, outcome: 'started' });
    });
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', () => resolve({ child, outcome: stderr }));
  });
}

// Each case starts CLI children from source; on a busy machine that takes a while.
describe('the data directory lock', { timeout: 240_000 }, () => {
  it('a second sandbox on the same directory refuses, naming the directory and the running one; the first keeps answering', async () => {
    const dir = await freshDir();
    const first = await startCli(['--port', '0', '--data', dir]);
    children.push(first.child);
    const second = await race(dir);
    expect(second.outcome).toContain(`data directory ${dir} is in use by another alipay-sandbox (pid ${first.child.pid}`);
    expect(second.outcome).toContain(first.url);
    expect(second.outcome).not.toMatch(/\n\s+at /);
    expect(second.child.exitCode).toBe(1);
    expect((await fetch(`${first.url}/_sandbox/health`)).status).toBe(200);
  });

  it('a lock left by a killed sandbox is taken over', async () => {
    const dir = await freshDir();
    const first = await startCli(['--port', '0', '--data', dir]);
    const lock = JSON.parse(await readFile(join(dir, 'sandbox.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: first.child.pid, url: first.url });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const next = await startCli(['--port', '0', '--data', dir]);
    children.push(next.child);
    expect(JSON.parse(await readFile(join(dir, 'sandbox.lock'), 'utf8')).pid).toBe(next.child.pid);
  });

  it('a lock file naming a process that no longer runs does not stop a start', async () => {
    const dir = await freshDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(join(dir, 'sandbox.lock'), JSON.stringify({ pid: gone.pid, host: 'here', startedAt: '2026-01-01T00:00:00.000Z' }));
    const started = await startCli(['--port', '0', '--data', dir]);
    children.push(started.child);
    expect(JSON.parse(await readFile(join(dir, 'sandbox.lock'), 'utf8')).pid).toBe(started.child.pid);
  });

  // Exact only where the kernel holds the lock (Linux); elsewhere two takeovers of one stale lock can race.
  it.skipIf(process.platform !== 'linux')('of two started at the same instant, exactly one runs', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = await freshDir();
      const outcomes = (await Promise.all([race(dir), race(dir)])).map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'started')).toHaveLength(1);
      expect(outcomes.find((o) => o !== 'started')).toContain('is in use by another alipay-sandbox');
      for (const child of children.splice(0)) child.kill('SIGKILL');
    }
  });

  it('holds in one process too: a second createSandbox on the directory is refused until the first is closed', async () => {
    const dir = await freshDir();
    const first = await createSandbox({ dataDir: dir });
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(/is in use by another alipay-sandbox/);
    await first.close();
    const again = await createSandbox({ dataDir: dir });
    await again.close();
  });

  it('writes a .gitignore into a new data directory, and leaves one that exists alone', async () => {
    const dir = await freshDir();
    const sandbox = await createSandbox({ dataDir: dir });
    await sandbox.close();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    await writeFile(join(dir, '.gitignore'), 'mine\n');
    await (await createSandbox({ dataDir: dir })).close();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('mine\n');
  });
});
