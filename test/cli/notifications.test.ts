// `alipay-sandbox notifications list|show|resend` and `clock advance` against a running sandbox.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { runCli, startCli } from '../support/cli.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';

let child: ChildProcess;
let url: string;
let receiver: Receiver;
let paymentId: string;

beforeAll(async () => {
  ({ child, url } = await startCli(['--memory', '--port', '0', '--clock', 'manual']));
  receiver = await startReceiver((_r, _i, res) => res.writeHead(500).end());
  const res = await fetch(`${url}/ams/api/v1/payments/pay`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cardPay({ paymentNotifyUrl: `${receiver.url}/hook` })),
  });
  paymentId = ((await res.json()) as { paymentId: string }).paymentId;
}, 120_000);
afterAll(async () => {
  child.kill('SIGKILL');
  await receiver.close();
});

// CLI children start from source; on a busy machine each takes seconds.
describe('notification commands', { timeout: 180_000 }, () => {
  it('list, show, clock advance and resend', async () => {
    const list = await runCli(['notifications', 'list', '--url', url, '--payment-id', paymentId]);
    expect(list.code).toBe(0);
    const id = /^(ntf_\S+)/m.exec(list.stdout)?.[1];
    expect(id).toBeDefined();
    expect(list.stdout).toMatch(/PAYMENT_RESULT\s+pending\s+attempts 1/);

    const advance = await runCli(['clock', 'advance', '2m', '--url', url]);
    expect(advance.code).toBe(0);
    const shown = JSON.parse((await runCli(['notifications', 'show', id!, '--url', url])).stdout);
    expect(shown.attempts).toHaveLength(2);
    expect(shown.attempts[1].error).toMatch(/HTTP 500/);

    receiver.behave((_r, _i, res) => res.writeHead(200).end('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}'));
    const resend = await runCli(['notifications', 'resend', id!, '--url', url]);
    expect(resend.stdout.trim()).toBe('delivered');
    expect(receiver.received).toHaveLength(3);
  });

  it('explains an unknown notification and an unreachable sandbox', async () => {
    const missing = await runCli(['notifications', 'show', 'ntf_nope', '--url', url]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NOTIFICATION_NOT_FOUND: no notification ntf_nope/);
    const down = await runCli(['notifications', 'list', '--url', 'http://127.0.0.1:1']);
    expect(down.stderr).toMatch(/no sandbox answered at http:\/\/127\.0\.0\.1:1/);
  });
});
