// Signed notification deliveries per second: the sandbox (a child process) delivers N notifications to a
// bare acknowledging receiver in this process. Each delivery costs one RSA-2048 signature on the same
// thread pool that signs API responses, so the ceiling is the machine's all-core signing rate.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DeliveryResult } from './deliver-notifications.ts';

const SCRIPT = fileURLToPath(new URL('./deliver-notifications.ts', import.meta.url));
/** The bare sender (notify-floor.ts): sign, POST, read the acknowledgement, nothing else. */
export const FLOOR_SCRIPT = fileURLToPath(new URL('./notify-floor.ts', import.meta.url));
const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

/** `nodeArgs`: extra flags for the sandbox's process, as for the HTTP servers (BENCH_SERVER_NODE_ARGS). */
export async function measureDeliveries(count: number, concurrency: number, nodeArgs: string[] = [], script = SCRIPT): Promise<DeliveryResult & { perSecond: number }> {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(ACK);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  try {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, String(count), url, String(concurrency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { UV_THREADPOOL_SIZE: String(availableParallelism()), ...process.env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 180_000);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    if (code !== 0) throw new Error(`notification bench child exited with ${code}`);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as DeliveryResult;
    if (received < result.delivered) throw new Error(`the receiver saw ${received} requests for ${result.delivered} deliveries`);
    return { ...result, perSecond: result.delivered / result.seconds };
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
}
