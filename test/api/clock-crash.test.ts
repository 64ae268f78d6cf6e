// A scaled clock runs ahead of wall time; after kill -9 it must resume at least where the stored times
// are, or a payment made after the restart is dated before one made before it, and pending retries fall
// far behind their schedule. The lead is written with every commit that stamps a time.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { cardPay } from '../support/bodies.ts';

const CHILD = new URL('../notify/crash-child.ts', import.meta.url).pathname;
/** 1000 sandbox seconds per wall-clock second. */
const SCALE = 0.001;
const AHEAD_MS = 10 * 60_000;

describe('the sandbox clock across kill -9', () => {
  it('with a scaled clock, time after the restart is never before a time already recorded', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-clock-'));
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(SCALE)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const startedAt = Date.now();
    // Pay until a payment is stamped well ahead of wall time: the clock's lead is then far larger than
    // anything a restart at wall time could hide. Bounded in count; each pay is answered, so it is on disk.
    let last = 0;
    for (let i = 0; i < 10_000 && last < startedAt + AHEAD_MS; i++) {
      const res = await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cardPay()) });
      const answer = (await res.json()) as { result: { resultStatus: string }; paymentCreateTime: string };
      expect(answer.result.resultStatus).toBe('S');
      last = Date.parse(answer.paymentCreateTime);
    }
    expect(last).toBeGreaterThanOrEqual(startedAt + AHEAD_MS);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const again = await createSandbox({ dataDir, clock: 'real', timeScale: SCALE });
    const latestStored = Math.max(...[...again.store.payments.values()].map((p) => p.createdAt));
    expect(latestStored).toBeGreaterThanOrEqual(last);
    expect(again.clock.now()).toBeGreaterThanOrEqual(latestStored);
    const server = await again.listen(0);
    const res = await fetch(`${server.url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cardPay()) });
    const after = (await res.json()) as { paymentId: string };
    expect(again.store.payments.get(after.paymentId)!.createdAt).toBeGreaterThanOrEqual(latestStored);
    await server.close();
  }, 60_000);
});
