// kill -9 in the middle of deliveries: after a restart on the same data directory every notification
// is delivered, and none is sent again once it was acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { ACK, startReceiver } from '../support/receiver.ts';

const CHILD = new URL('./crash-child.ts', import.meta.url).pathname;
const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) c.kill('SIGKILL'); });

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // Time scale 0.001: a missed acknowledgement would be retried within 120 ms of wall-clock time,
  // so a notification sent again after its acknowledgement would show up quickly.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, '0.001'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve({ child, url: chunk.toString().trim() }));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

const until = async (condition: () => boolean, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a crash during delivery', () => {
  it('loses no notification and repeats none that was acknowledged', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-crash-'));
    let holding = true;
    const receiver = await startReceiver((_req, _i, res) => {
      // First life: hold every request open, so the sandbox dies in the middle of the attempts.
      if (!holding) res.writeHead(200).end(ACK);
    });
    const first = await startChild(dataDir);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${first.url}/ams/api/v1/payments/pay`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cardPay({ paymentNotifyUrl: `${receiver.url}/crash` })),
      });
      ids.push(((await res.json()) as { paymentId: string }).paymentId);
    }
    // Four attempts in flight (the per-origin bound), two waiting behind them.
    await until(() => receiver.received.length >= 4, 'the first attempts to reach the receiver');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    holding = false;
    const heldBefore = receiver.received.length;
    const second = await startChild(dataDir);
    const ackedAt = new Map<string, number>();
    await until(() => {
      receiver.received.slice(heldBefore).forEach((r, i) => {
        const id = (JSON.parse(r.body) as { paymentId: string }).paymentId;
        if (!ackedAt.has(id)) ackedAt.set(id, heldBefore + i);
      });
      return ids.every((id) => ackedAt.has(id));
    }, 'every notification to be delivered after the restart');

    // Long enough for several retry slots at this time scale: nothing more may arrive.
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) {
      const after = receiver.received.slice(ackedAt.get(id)! + 1).filter((r) => r.body.includes(id));
      expect(after, `notification for ${id} was sent again after its acknowledgement`).toHaveLength(0);
    }
    const journal = (await (await fetch(`${second.url}/_sandbox/notifications?status=delivered`)).json()) as { total: number };
    expect(journal.total).toBe(ids.length);
    second.child.kill('SIGKILL');
    await receiver.close();
  });
});
