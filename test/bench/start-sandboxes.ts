// Start-up as a test suite meets it, in a fresh process (node --import tsx test/bench/start-sandboxes.ts N):
// createSandbox() + listen() + the first pay answered, for the first sandbox of the process and for N
// further ones; and the same for a bare node:http server, for scale. Prints one JSON line. The timed
// part starts after the imports (timed apart as importMs) and after the client's fetch() is loaded.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const PAY = JSON.stringify({
  productCode: 'CASHIER_PAYMENT', paymentRequestId: 'PAY_STARTUP', paymentAmount: { currency: 'EUR', value: '1990' },
  order: { referenceOrderId: 'ORDER_STARTUP', orderDescription: 'start-up bench' }, env: { terminalType: 'WEB' },
  paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { cardNo: '4054695723100768', expiryMonth: '12', expiryYear: '30', cvv: '123' } },
});

const importStarted = performance.now();
const { createSandbox } = await import('../../server/index.ts');
const importMs = performance.now() - importStarted;

async function sandboxFirstPay(): Promise<number> {
  const started = performance.now();
  const sandbox = await createSandbox();
  const { url, close } = await sandbox.listen();
  const answer = await (await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: PAY })).json() as { result: { resultCode: string } };
  const ms = performance.now() - started;
  await close();
  if (answer.result.resultCode !== 'SUCCESS') throw new Error(`the pay answered ${answer.result.resultCode}`);
  return ms;
}

async function bareFirstRequest(): Promise<number> {
  const started = performance.now();
  const server = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body: PAY })).text();
  const ms = performance.now() - started;
  server.closeAllConnections();
  server.close();
  return ms;
}

const count = Number(process.argv[2] ?? 10);
// The client first: fetch() loads undici on its first call (tens of ms), which is the test suite's cost,
// not the sandbox's. One untimed request to a bare server takes it out of the first sandbox's figure.
await bareFirstRequest();
const firstMs = await sandboxFirstPay();
const furtherMs: number[] = [];
for (let i = 0; i < count; i++) furtherMs.push(await sandboxFirstPay());
const bareMs: number[] = [];
for (let i = 0; i < count; i++) bareMs.push(await bareFirstRequest());
process.stdout.write(`${JSON.stringify({ importMs, firstMs, furtherMs, bareMs })}\n`);
