// What `alipay-sandbox start` prints as it works: a line per merchant API call (operation, client, result
// code, milliseconds) and per notification attempt (type, URL, HTTP status or error, next try), as pino
// JSON lines when stdout is not a terminal (or with --log-format json), as readable lines with
// --log-format pretty (the default on a terminal).
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';

const children: ChildProcess[] = [];
afterEach(() => { for (const child of children.splice(0)) child.kill('SIGKILL'); });

/** Starts the CLI and keeps everything it prints after the banner. */
async function started(args: string[]) {
  const cli = await startCli(['--memory', '--port', '0', ...args]);
  children.push(cli.child);
  let printed = '';
  cli.child.stdout!.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(printed); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(printed).toMatch(pattern);
    return printed;
  };
  return { url: cli.url, waitFor };
}

async function quickStart(url: string) {
  const example = await (await fetch(`${url}/_sandbox/examples/pay`)).json();
  const pay = await (await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(example) })).json() as { paymentId: string };
  await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productCode":"CASHIER_PAYMENT"}' });
  return pay.paymentId;
}

describe('the log of a running sandbox', { timeout: 180_000 }, () => {
  it('JSON lines: every call, refused ones too, and every notification attempt', async () => {
    const { url, waitFor } = await started(['--log-format', 'json']);
    const paymentId = await quickStart(url);
    await waitFor(/"event":"notification".*"delivered":true/);
    const printed = await waitFor(/"resultCode":"PARAM_ILLEGAL"/);
    // Whole lines only: the last one may still be arriving.
    const lines = printed.split('\n').slice(0, -1).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ event: 'call', operation: 'payments/pay', resultCode: 'SUCCESS', resultStatus: 'S', ms: expect.any(Number) }),
      expect.objectContaining({ event: 'call', operation: 'payments/pay', resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' }),
      expect.objectContaining({ event: 'notification', notifyType: 'PAYMENT_RESULT', paymentId, attempt: 1, responseStatus: 200, delivered: true, url: `${url}/_sandbox/receiver/default` }),
    ]));
  });

  it('pretty lines: one readable line per call and per attempt', async () => {
    const { url, waitFor } = await started(['--log-format', 'pretty']);
    await quickStart(url);
    const printed = await waitFor(/PAYMENT_RESULT #1 -> \S+\/_sandbox\/receiver\/default 200 delivered/);
    expect(printed).toMatch(/INFO: payments\/pay \S+ SUCCESS \(S\) \d+ ms/);
    expect(printed).not.toMatch(/^\{/m);
  });
});
