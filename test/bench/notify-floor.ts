// The least any sender can do for a signed notification, in its own process: sign the body on the thread
// pool, POST it over a keep-alive connection, read the acknowledgement. No store, no outbox, no retries.
// What it reaches against the all-core signing rate is this machine's ceiling for the notification ratio,
// as the signed floor is for pay. Same warm-up, count, concurrency and receiver as the sandbox's run.
//
//   node --import tsx test/bench/notify-floor.ts <count> <receiverUrl> <concurrency>
import { generateKeyPairSync } from 'node:crypto';
import { Agent, request } from 'node:http';
import { signatureHeader, signMessage } from '../../server/crypto/signature.ts';
import { lowerBackgroundThreads } from '../../server/cli/thread-priority.ts';
import type { DeliveryResult } from './deliver-notifications.ts';

const [countArg = '2000', receiverUrl, concurrencyArg = '4'] = process.argv.slice(2);
if (!receiverUrl) throw new Error('usage: notify-floor.ts <count> <receiverUrl> <concurrency>');
const WARM_UP = 2000;
const concurrency = Number(concurrencyArg);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const url = new URL('/notify', receiverUrl);
await lowerBackgroundThreads();

/** One notifyPayment-sized body, signed and sent; resolves to whether it was acknowledged. */
async function deliver(n: number): Promise<boolean> {
  const body = JSON.stringify({
    notifyType: 'PAYMENT_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    paymentRequestId: `floor-${n}`, paymentId: `2026${String(n).padStart(28, '0')}`, paymentAmount: { currency: 'EUR', value: '1000' },
    paymentCreateTime: '2026-01-01T00:00:00+00:00', paymentTime: '2026-01-01T00:00:00+00:00',
  });
  const time = new Date().toISOString();
  const signature = await signMessage({ path: url.pathname, clientId: 'BENCH_MERCHANT', time, body }, privateKey);
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': 'BENCH_MERCHANT', 'request-time': time, signature: signatureHeader(signature), 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk; });
      res.on('end', () => resolve(res.statusCode === 200 && text.includes('"S"')));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

async function deliverAll(count: number): Promise<{ delivered: number; failed: number }> {
  let next = 0;
  let delivered = 0;
  let failed = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      if (await deliver(next++)) delivered++;
      else failed++;
    }
  }));
  return { delivered, failed };
}

await deliverAll(WARM_UP);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const { delivered, failed } = await deliverAll(Number(countArg));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
agent.destroy();
const result: DeliveryResult = { delivered, failedAttempts: failed, seconds, cpuMicrosPerDelivery: (cpu.user + cpu.system) / Math.max(delivered, 1) };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
