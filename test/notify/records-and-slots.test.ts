// What a notification costs: its URL is kept once on the notification, not again on every attempt (a
// 2 KB URL made each notification's record grow by 2 KB per attempt); how many attempts run at once
// per merchant origin (slots) and how long each may take are options; and an acknowledgement is in the
// journal by the end of the event-loop turn that reads it, so the window in which a crash re-sends it
// holds no timer and no further I/O.
import { readFile, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationRecord } from '../../server/notify/notification.ts';
import { SandboxStore } from '../../server/store/sandbox-store.ts';
import { cardPay } from '../support/bodies.ts';
import { runCli } from '../support/cli.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox } from '../support/sandbox.ts';

const receivers: Receiver[] = [];
afterEach(async () => { for (const r of receivers.splice(0)) await r.close(); });

describe('a notification record', () => {
  it('keeps the notify URL once, however many attempts it takes', async () => {
    const receiver = await startReceiver((_r, _i, res) => res.writeHead(500).end());
    receivers.push(receiver);
    const url = `${receiver.url}/notify?token=${'x'.repeat(1900)}`;
    const t = await startTestSandbox();
    const paid = await t.post(PAY, cardPay({ paymentNotifyUrl: url }));
    const { paymentId } = paid.body as { paymentId: string };
    await t.sandbox.notifications.waitForAttempt({ paymentId, number: 1 });
    await t.sandbox.clock.advance(2 * 60_000);
    await t.sandbox.clock.advance(10 * 60_000);
    const [record] = t.sandbox.notifications.list({ paymentId });
    expect(record!.attempts).toHaveLength(3);
    expect(record!.url).toBe(url);
    expect(JSON.stringify(record).split(url).length - 1).toBe(1);
  });
});

describe('slots and attempt timeout', () => {
  it('one slot: attempts to a hanging origin go one at a time, each cut off at the timeout', async () => {
    let open = 0;
    let most = 0;
    const receiver = await startReceiver((_r, _i, res) => {
      open += 1;
      most = Math.max(most, open);
      res.on('close', () => { open -= 1; });
    });
    receivers.push(receiver);
    const t = await startTestSandbox({ notifyConcurrency: 1, notifyTimeoutMs: 300 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await t.post(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/hang` }))).body as { paymentId: string }).paymentId);
    for (const paymentId of ids) {
      const { attempt } = await t.sandbox.notifications.waitForAttempt({ paymentId, number: 1 }, 10_000);
      expect(attempt.error).toBe('no answer within 300 ms (timeout)');
    }
    expect(receiver.received).toHaveLength(3);
    expect(most).toBe(1);
  });

  it('refuses a slot count or timeout that is not a whole number above 0', async () => {
    await expect(startTestSandbox({ notifyConcurrency: 0 })).rejects.toThrow('notifyConcurrency must be a whole number above 0');
    const cli = await runCli(['start', '--memory', '--port', '0', '--notify-timeout', '0']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('--notify-timeout');
    expect(cli.stderr).toContain('must be a whole number above 0');
  });
});

describe('an acknowledgement', () => {
  it('is appended at the end of the event-loop turn that reads it, before any timer or later I/O', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-ack-'));
    const store = await SandboxStore.open(dir);
    const journal = join(dir, 'db', 'journal.ndjson');
    const seen = await new Promise<string>((resolve) => {
      // Inside an I/O callback, as the merchant's answer is read in one.
      readFile(journal, () => {
        // Asked for before the change: it would run first if the commit waited for a timer or for more I/O.
        setTimeout(() => resolve(readFileSync(journal, 'utf8')), 0);
        store.notifications.put({ id: 'ntf_acknowledged', status: 'delivered' } as NotificationRecord);
        void store.commit();
      });
    });
    expect(seen).toContain('"id":"ntf_acknowledged"');
    await store.close();
  });
});
