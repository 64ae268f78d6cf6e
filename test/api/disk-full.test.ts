// A journal that cannot be written (here: the file-size limit of `ulimit -f`, which makes the append fail
// with EFBIG exactly as a full disk does with ENOSPC). A pay whose payment could not be stored answers
// UNKNOWN_EXCEPTION instead of success; the sandbox keeps answering; nothing it answered as a success is
// lost; and a retry of the same request once the disk has room stores it and answers it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { cardPay } from '../support/bodies.ts';

const CHILD = new URL('../notify/crash-child.ts', import.meta.url).pathname;
const PAY = '/ams/api/v1/payments/pay';
const children: ChildProcess[] = [];
let logged = '';
afterAll(() => { for (const c of children) c.kill('SIGKILL'); });

/** The sandbox in a child process whose files may not grow past `kib` KiB. */
function startLimited(dataDir: string, kib: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('bash', ['-c', `ulimit -f ${kib} && exec "$0" --import tsx "$1" "$2" 1`, process.execPath, CHILD, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  // The sandbox logs through pino on stdout; stderr gets anything else (a crash).
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => { logged += chunk.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve({ child, url: chunk.toString().trim() }));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

async function pay(url: string, body: object) {
  const res = await fetch(`${url}${PAY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, answer: (await res.json()) as { result: { resultCode: string; resultStatus: string }; paymentId?: string } };
}

// The file size limit comes from the shell's `ulimit -f` (SIGXFSZ semantics of Linux).
describe.skipIf(process.platform !== 'linux')('a journal that cannot be written (Linux only: ulimit -f)', () => {
  it('answers UNKNOWN_EXCEPTION, keeps answering, and loses no payment it answered', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-full-'));
    const { child, url } = await startLimited(dataDir, 64);
    const succeeded = new Map<string, string>();
    let refused: object | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const body = cardPay();
      const { status, answer } = await pay(url, body);
      expect(status).toBe(200);
      if (answer.result.resultStatus === 'S') succeeded.set(answer.paymentId!, (body as { paymentRequestId: string }).paymentRequestId);
      else {
        expect(answer.result.resultCode).toBe('UNKNOWN_EXCEPTION');
        refused = body;
      }
    }
    expect(refused, 'the file-size limit was never reached').toBeDefined();
    expect(logged).toContain('EFBIG');
    expect(succeeded.size).toBeGreaterThan(5);
    // Still alive, and still refusing while the disk is "full"; moving the clock saves its lead with a
    // commit nobody waits for, and that failing must not take the process down either.
    expect((await pay(url, refused!)).answer.result.resultCode).toBe('UNKNOWN_EXCEPTION');
    const advanced = await fetch(`${url}/_sandbox/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":1000}' });
    expect(advanced.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/_sandbox/health`)).status).toBe(200);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const again = await createSandbox({ dataDir });
    const server = await again.listen(0);
    for (const paymentId of succeeded.keys()) expect(again.store.payments.get(paymentId)?.status).toBe('SUCCESS');
    // With room on disk, the refused request is taken and stored like any other.
    const retried = await pay(server.url, refused!);
    expect(retried.answer.result.resultStatus).toBe('S');
    expect(again.store.payments.get(retried.answer.paymentId!)).toBeDefined();
    await server.close();
  }, 30_000);
});
