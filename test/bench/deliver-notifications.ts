// The notification side of the bench, in its own process: a file-backed sandbox queues `count` signed
// notifyPayment deliveries to the receiver (in the parent process) and reports how long from then until
// every one was acknowledged, after an unmeasured warm-up of WARM_UP deliveries. The payments go through
// the real state machine and outbox, as a pay's would.
//
//   node --import tsx test/bench/deliver-notifications.ts <count> <receiverUrl> <concurrencyPerOrigin>
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayRequest } from '../../schemas/pay.ts';
import { describeCard } from '../../server/card/card.ts';
import { newTransactionId, randomDigits } from '../../server/payment/ids.ts';
import { openPayment } from '../../server/payment/open-payment.ts';
import { createSandbox } from '../../server/create-sandbox.ts';
import { lowerBackgroundThreads } from '../../server/cli/thread-priority.ts';

export interface DeliveryResult { delivered: number; failedAttempts: number; seconds: number; cpuMicrosPerDelivery: number }

const [countArg = '2000', receiverUrl, concurrencyArg = '4'] = process.argv.slice(2);
const WARM_UP = 2000;
const count = Number(countArg);
if (!receiverUrl) throw new Error('usage: deliver-notifications.ts <count> <receiverUrl> <concurrencyPerOrigin>');

const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-bench-notify-'));
const sandbox = await createSandbox({ dataDir, clock: 'real', logLevel: 'silent', notifyConcurrency: Number(concurrencyArg) });
// As the CLI does: the event loop goes before the thread pool's signatures.
await lowerBackgroundThreads();
const cardInfo = describeCard('4054695723100768', { month: '12', year: '34' }, { funding: 'CREDIT', issuingCountry: 'US' });

/** Queues `count` payments whose notifyPayment goes to the receiver; resolves once they are committed. */
function queuePayments(tag: string, count: number): Promise<unknown> {
  const commits: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const now = sandbox.clock.now();
    const request = {
      productCode: 'CASHIER_PAYMENT', paymentRequestId: `notify-${tag}-${i}`, order: {}, env: { terminalType: 'WEB' },
      paymentAmount: { currency: 'EUR', value: '1000' }, paymentMethod: { paymentMethodType: 'CARD' },
      paymentNotifyUrl: `${receiverUrl}/notify`, paymentFactor: { isAuthorization: true },
    } as PayRequest;
    const transition = openPayment(
      { paymentId: newTransactionId(now), clientId: 'BENCH_MERCHANT', mode: 'card', fingerprint: `${tag}-${i}`, request, cardInfo, networkTransactionId: randomDigits(15), now },
      { status: 'S', scenario: { name: 'bench', reason: 'notification bench' } },
    );
    commits.push(sandbox.core.payments.commit(transition));
  }
  return Promise.all(commits);
}

/** Waits (bounded) until `total` notifications have been acknowledged; returns how many were. */
async function delivered(total: number): Promise<number> {
  const deadline = Date.now() + 120_000;
  let n = 0;
  while (Date.now() < deadline) {
    n = 0;
    for (const record of sandbox.notifications.table.values()) if (record.status === 'delivered') n++;
    if (n >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return n;
}

// Warm-up, not measured: as the HTTP scenarios do, so that JIT compilation and the first connections
// are not counted as the cost of a delivery.
await queuePayments('warm-up', WARM_UP);
await delivered(WARM_UP);

// The clock starts once the payments are committed (a notification goes out only after that): what is
// measured is delivering them, not making the payments.
await queuePayments('measured', count);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const deliveredCount = (await delivered(WARM_UP + count)) - WARM_UP;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const failedAttempts = sandbox.notifications.list().reduce((n, r) => n + r.attempts.filter((a) => !a.delivered).length, 0);
await sandbox.close();
await rm(dataDir, { recursive: true, force: true });
// CPU of the whole sandbox process (request thread and thread pool) per delivery.
const result: DeliveryResult = { delivered: deliveredCount, failedAttempts, seconds, cpuMicrosPerDelivery: (cpu.user + cpu.system) / Math.max(deliveredCount, 1) };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
