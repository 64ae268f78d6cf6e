// Retention on a real file store: payments past --retain (sandbox time) or beyond --retain-max are dropped
// with their notifications, never one with work pending, and the dropping is committed like any change,
// so a restart does not bring them back.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandbox, type SandboxInternals } from '../../server/create-sandbox.ts';
import { Retention } from '../../server/store/retention.ts';
import { cardPay } from '../support/bodies.ts';
import { runCli } from '../support/cli.ts';

type Json = Record<string, unknown>;
const HOUR = 3600_000;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => { for (const s of open.splice(0)) await s.close(); });

async function start(dataDir: string, options: Json = {}): Promise<{ sandbox: SandboxInternals; url: string }> {
  const sandbox = await createSandbox({ dataDir, ...options });
  const listening = await sandbox.listen(0);
  open.push(listening);
  return { sandbox, url: listening.url };
}

/** Resolves once the payment is no longer stored; looks every 20 ms, gives up after `boundMs` (a loaded machine's margin, not a measurement). */
async function gone(sandbox: SandboxInternals, paymentId: string, boundMs = 15_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < boundMs;) {
    if (!sandbox.store.payments.get(paymentId)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** A card pay; a sale (no authorization left open) unless the overrides say otherwise. */
async function pay(url: string, overrides: Json = {}): Promise<string> {
  const body = cardPay({ paymentFactor: { isAuthorization: false }, ...overrides });
  const res = await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as { result: { resultStatus: string }; paymentId: string };
  expect(answer.result.resultStatus).toBe('S');
  return answer.paymentId;
}

describe('retention', () => {
  it('drops payments older than --retain with their notifications, keeps those with work pending, and stays dropped after a restart', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-retain-')), 'data');
    const { sandbox, url } = await start(dir, { retainMs: HOUR });
    // Finished, its notification delivered to the built-in receiver: nothing left to do.
    const done = await pay(url, { paymentNotifyUrl: `${url}/_sandbox/receiver/retention` });
    // An authorization still open for capture.
    const authorized = await pay(url, { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } });
    // A notification that keeps failing (nothing listens on port 9): still to be delivered.
    const undelivered = await pay(url, { paymentNotifyUrl: 'http://127.0.0.1:9/notify' });
    await sandbox.notifications.flush();
    expect([...sandbox.store.notifications.values()].some((n) => n.paymentId === done && n.status === 'delivered')).toBe(true);

    // Nothing is old enough yet.
    expect(await sandbox.core.retention.sweep()).toBe(0);
    await sandbox.clock.advance(2 * HOUR);
    expect(await sandbox.core.retention.sweep()).toBe(1);
    expect(sandbox.store.payments.get(done)).toBeUndefined();
    expect([...sandbox.store.notifications.values()].some((n) => n.paymentId === done)).toBe(false);
    expect(sandbox.store.payments.get(authorized)).toBeDefined();
    expect(sandbox.store.payments.get(undelivered)).toBeDefined();
    const inquiry = await fetch(`${url}/ams/api/v1/payments/inquiryPayment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: done }) });
    expect(((await inquiry.json()) as { result: { resultCode: string } }).result.resultCode).toBe('ORDER_NOT_EXIST');

    await open.pop()!.close();
    const again = await start(dir, { retainMs: HOUR });
    expect(again.sandbox.store.payments.get(done)).toBeUndefined();
    expect(again.sandbox.store.payments.get(authorized)).toBeDefined();
    expect(again.sandbox.store.payments.get(undelivered)).toBeDefined();
  });

  it('keeps at most --retain-max payments, dropping the oldest finished ones first', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-retain-')), 'data');
    const { sandbox, url } = await start(dir, { retainMaxPayments: 2, retainMs: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await pay(url));
      await sandbox.clock.advance(1000);
    }
    expect(await sandbox.core.retention.sweep()).toBe(2);
    expect(ids.map((id) => sandbox.store.payments.get(id) !== undefined)).toEqual([false, false, true, true]);
    expect(await sandbox.core.retention.sweep()).toBe(0);
  });

  it('is off in memory unless asked for, and 7 days with a data directory', async () => {
    const memory = await createSandbox({});
    open.push(memory);
    expect(memory.core.retention.enabled).toBe(false);
    const file = await start(join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-retain-')), 'data'));
    expect(file.sandbox.core.retention.options.maxAgeMs).toBe(7 * 24 * HOUR);
  });

  it('looks in the background every --retain-every and drops what expired meanwhile, without a call to sweep()', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-retain-')), 'data');
    // The default look comes a minute apart: far beyond the bound of gone(), so only the option can pass this.
    const { sandbox, url } = await start(dir, { retainMs: HOUR, retainEveryMs: 200 });
    expect(sandbox.core.retention.options.intervalMs).toBe(200);
    const first = await pay(url);
    const kept = await pay(url, { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } });
    await sandbox.clock.advance(2 * HOUR);
    expect(await gone(sandbox, first)).toBe(true);
    // Later looks keep coming: a second payment expires after the first look dropped the first.
    const second = await pay(url);
    await sandbox.clock.advance(2 * HOUR);
    expect(await gone(sandbox, second)).toBe(true);
    // (Not retention.dropped: it counts a batch once its commit is done, just after the payments left the table.)
    expect([...sandbox.store.payments.values()].map((p) => p.paymentId)).toEqual([kept]);
  });

  it('refuses an interval it cannot honour, naming the option or the flag', async () => {
    for (const retainEveryMs of [0, 99, 1.5, -1000]) {
      await expect(createSandbox({ retainEveryMs }), String(retainEveryMs)).rejects.toThrow(`retainEveryMs must be a whole number of milliseconds from 100, not ${retainEveryMs}`);
    }
    const cli = await runCli(['start', '--memory', '--port', '0', '--retain-every', '50ms']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain("option '--retain-every <duration>' argument '50ms' is invalid");
    expect(cli.stderr).toContain('of at least 100 ms');
    const env = await runCli(['start', '--memory', '--port', '0'], { SANDBOX_RETAIN_EVERY: 'often' });
    expect(env.code).not.toBe(0);
    expect(env.stderr).toContain('SANDBOX_RETAIN_EVERY');
  }, 240_000); // two CLI processes, on a machine shared with other test runs

  it('after stop(), a look that was under way when it came arms no further look', async () => {
    const sandbox = await createSandbox({});
    const listening = await sandbox.listen(0);
    open.push(listening);
    for (let i = 0; i < 3; i++) await pay(listening.url);
    // Timers under the test's hand, so that stop() lands exactly while a sweep waits for its commit.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    try {
      const retention = new Retention(sandbox.store, () => sandbox.clock.now() + 2 * HOUR, { maxAgeMs: HOUR, intervalMs: 100, batchSize: 1 });
      retention.start();
      await vi.advanceTimersByTimeAsync(0); // the first look arms the 100 ms timer
      vi.advanceTimersByTime(100); // the timer fires: a sweep drops one payment and waits for its commit
      expect(sandbox.store.payments.size).toBe(2);
      retention.stop();
      await vi.advanceTimersByTimeAsync(1000); // the commit, and ten intervals in which nothing may look again
      // Without the stop taking hold, the looks go on every 100 ms and drop the other two.
      expect(retention.dropped).toBe(1);
      expect(sandbox.store.payments.size).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
