// The data directory deleted under a running sandbox (rm -rf). Appending on to the unlinked journal would
// answer S for payments that vanish with it; so from the first commit after the deletion every merchant
// call answers U UNKNOWN_EXCEPTION, health answers 503 naming the cause, the log says it once, shutdown
// ends cleanly without making files, and the next start says the directory and its key are new. A
// directory that lost half of itself (its key, or its store) is refused rather than silently refilled.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { createAjv } from '../../server/api/validate.ts';
import { CONTROL_SCHEMAS } from '../../server/http/control-schemas.ts';
import { cardPay } from '../support/bodies.ts';
import { startCli } from '../support/cli.ts';
import type { ChildProcess } from 'node:child_process';

const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) c.kill('SIGKILL'); });

async function pay(url: string) {
  const res = await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cardPay()) });
  return (await res.json()) as { result: { resultCode: string; resultStatus: string }; paymentId?: string };
}

describe('the data directory deleted while running', () => {
  it('refuses every change from then on, says so once, reports it in health, and shuts down cleanly', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-gone-')), 'data');
    const { child, url } = await startCli(['--port', '0', '--data', dir]);
    children.push(child);
    let log = '';
    child.stdout!.on('data', (c: Buffer) => { log += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { log += c.toString(); });
    for (let i = 0; i < 50; i++) expect((await pay(url)).result.resultStatus).toBe('S');
    expect((await fetch(`${url}/_sandbox/health`)).status).toBe(200);

    await rm(dir, { recursive: true, force: true });
    // Health looks now, whatever the time since the last commit's check.
    const health = await fetch(`${url}/_sandbox/health`);
    expect(health.status).toBe(503);
    const failing = await health.json();
    expect(failing).toMatchObject({ status: 'failing', problem: expect.stringContaining(`the data directory ${dir} is gone`) });
    // The body is the one the control document gives for this 503.
    expect(createAjv().compile(CONTROL_SCHEMAS.FailingHealthAnswer)(failing), JSON.stringify(failing)).toBe(true);
    for (let i = 0; i < 50; i++) {
      expect((await pay(url)).result).toMatchObject({ resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION' });
    }
    const inquiry = await fetch(`${url}/ams/api/v1/payments/inquiryPayment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"paymentId":"1"}' });
    expect(((await inquiry.json()) as { result: { resultCode: string } }).result.resultCode).toBe('UNKNOWN_EXCEPTION');

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log.match(/is gone or replaced/g)).toHaveLength(1);
    expect(log).not.toMatch(/ENOENT|Unhandled|at .*\.ts:\d+/);
    expect(existsSync(dir)).toBe(false);

    const next = await startCli(['--port', '0', '--data', dir]);
    children.push(next.child);
    expect(next.output).toContain(`${dir} (new: made now, with a new key pair)`);
  }, 120_000);
});

describe('a data directory that lost half of itself', () => {
  it('a store without its key is refused (a new key would break every merchant), unless --repair', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-half-'));
    await (await createSandbox({ dataDir: dir })).close();
    await rm(join(dir, 'keys'), { recursive: true });
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(/keys\/sandbox-private-key\.pem is missing: a new key would stop/);
    await (await createSandbox({ dataDir: dir, repair: true })).close();
    await (await createSandbox({ dataDir: dir })).close();
  });

  it('a key without its store is refused (every payment gone), unless --repair', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-half-'));
    const first = await createSandbox({ dataDir: dir });
    const key = first.keys.publicKeyBase64;
    await first.close();
    await rm(join(dir, 'db'), { recursive: true });
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(/holds a sandbox key but no db\/sandbox\.json: its payments were removed/);
    const repaired = await createSandbox({ dataDir: dir, repair: true });
    expect(repaired.keys.publicKeyBase64).toBe(key);
    await repaired.close();
  });
});
