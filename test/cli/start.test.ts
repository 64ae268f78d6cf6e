// The CLI as a user meets it: `alipay-sandbox start` prints its real URL once ready, serves HTTP and
// HTTPS, reads options from flags and the environment, and refuses a damaged data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { NODE_ARGS, startCli as startSandboxCli } from '../support/cli.ts';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];
afterEach(() => { for (const child of children.splice(0)) child.kill('SIGKILL'); });

async function startCli(args: string[], env: Record<string, string> = {}) {
  const started = await startSandboxCli(args, env);
  children.push(started.child);
  return started;
}

function insecureGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve(body));
    }).on('error', reject).end();
  });
}

describe('alipay-sandbox start', () => {
  it('prints the URL with the real port, the data directory and the public key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-cli-'));
    const { output } = await startCli(['--port', '0', '--data', dir]);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain(dir);
    const health = await (await fetch(`${url}/_sandbox/health`)).json();
    expect(health.status).toBe('ok');
    const keys = await (await fetch(`${url}/_sandbox/keys`)).json();
    expect(output).toContain(keys.publicKey);
  });

  it('reads options from the environment and serves HTTPS with a self-signed certificate', async () => {
    const { output } = await startCli(['--memory'], { PORT: '0', HTTPS_PORT: '0', SIGNATURE_MODE: 'enforce' });
    const httpsUrl = /https:\s+(https:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(httpsUrl).toBeDefined();
    const health = JSON.parse(await insecureGet(`${httpsUrl}/_sandbox/health`));
    expect(health.signatureMode).toBe('enforce');
  });

  it('refuses a corrupt data file, naming it, and exits non-zero', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-cli-'));
    await mkdir(join(dir, 'db'), { recursive: true });
    await writeFile(join(dir, 'db', 'sandbox.json'), '{not json');
    const child = spawn(process.execPath, [...NODE_ARGS, 'start', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(join(dir, 'db', 'sandbox.json'));
  });

  it('rejects a bad option with a clear message', async () => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'start', '--signature', 'maybe'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/maybe.*invalid|Allowed choices/i);
  });
});
