// A real lowdb data directory: what was answered survives a restart, the keys stay the same, nothing
// sensitive is written, and a corrupt or foreign file stops start-up without being overwritten.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { SEGMENT_SIZE } from '../../server/store/table.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { rsa256Sign, testMerchant } from '../support/merchant.ts';

const PAY = '/ams/api/v1/payments/pay';
const tempDir = () => mkdtemp(join(tmpdir(), 'alipay-sandbox-test-'));

async function payOver(url: string, body: object, path = PAY) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, string>;
}

async function readAll(dir: string): Promise<string> {
  const files = await readdir(join(dir, 'db'));
  return (await Promise.all(files.map((f) => readFile(join(dir, 'db', f), 'utf8')))).join('\n');
}

describe('restart persistence with a real file', () => {
  it('keeps every answered payment, its idempotency and the sandbox key across a restart', async () => {
    const dir = await tempDir();
    const first = await createSandbox({ dataDir: dir });
    const server = await first.listen(0);
    const bodies = Array.from({ length: SEGMENT_SIZE + 30 }, () => cardPay());
    const answers = await Promise.all(bodies.map((b) => payOver(server.url, b)));
    const hosted = hostedPay();
    const hostedAnswer = await payOver(server.url, hosted);
    const publicKey = first.keys.publicKeyBase64;
    await server.close();

    const second = await createSandbox({ dataDir: dir });
    const again = await second.listen(0);
    expect(second.keys.publicKeyBase64).toBe(publicKey);
    expect(second.store.payments.size).toBe(bodies.length + 1);
    // The same request gives the same stored answer after the restart.
    expect(await payOver(again.url, bodies[7]!)).toEqual(answers[7]);
    expect((await payOver(again.url, hosted)).normalUrl).toBe(hostedAnswer.normalUrl);
    const inquiry = await payOver(again.url, { paymentId: answers[SEGMENT_SIZE + 3]!.paymentId }, '/ams/api/v1/payments/inquiryPayment');
    expect(inquiry.paymentStatus).toBe('SUCCESS');
    await again.close();
  });

  it('answers only after the payment is on disk', async () => {
    const dir = await tempDir();
    const sandbox = await createSandbox({ dataDir: dir });
    const server = await sandbox.listen(0);
    const answer = await payOver(server.url, cardPay());
    expect(await readAll(dir)).toContain(answer.paymentId);
    await server.close();
  });

  it('a timer (the 14-minute expiry) survives a restart', async () => {
    const dir = await tempDir();
    const start = Date.parse('2026-11-25T12:00:00Z');
    const first = await createSandbox({ dataDir: dir, startAt: start });
    const server = await first.listen(0);
    const answer = await payOver(server.url, hostedPay());
    await server.close();
    const second = await createSandbox({ dataDir: dir, startAt: start + 15 * 60_000 });
    await second.clock.runDue();
    expect(second.store.payments.get(answer.paymentId!)?.status).toBe('FAIL');
    await second.close();
  });
});

describe('what is written', () => {
  it('never the full card number or the CVV', async () => {
    const dir = await tempDir();
    const sandbox = await createSandbox({ dataDir: dir });
    const server = await sandbox.listen(0);
    await payOver(server.url, cardPay({}, { cardNo: '4054695723100768', cvv: '987' }));
    await server.close();
    const all = await readAll(dir);
    expect(all).not.toContain('4054695723100768');
    // As a JSON value ("987"): the bare digits turn up by chance inside random ids now and then.
    expect(all).not.toMatch(/"cvv"|"987"/);
    expect(all).toContain('405469******0768');
  });
});

describe('a damaged data directory', () => {
  it('a corrupt file stops start-up with its name and is left untouched', async () => {
    const dir = await tempDir();
    const sandbox = await createSandbox({ dataDir: dir });
    const server = await sandbox.listen(0);
    await payOver(server.url, cardPay());
    await server.close();
    const file = join(dir, 'db', 'payments-000000.json');
    const original = await readFile(file, 'utf8');
    const broken = original.slice(0, original.length / 2);
    await writeFile(file, broken);
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(`data file ${file} is corrupt`);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('a foreign file stops start-up with its name and is left untouched', async () => {
    const dir = await tempDir();
    await (await createSandbox({ dataDir: dir })).close();
    const file = join(dir, 'db', 'payments-000000.json');
    await writeFile(file, '{"posts":[]}');
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(`data file ${file} is not an alipay-sandbox payments file`);
    expect(await readFile(file, 'utf8')).toBe('{"posts":[]}');
  });

  it('a foreign directory marker stops start-up', async () => {
    const dir = await tempDir();
    await (await createSandbox({ dataDir: dir })).close();
    await writeFile(join(dir, 'db', 'sandbox.json'), '{"format":"something-else"}');
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(/sandbox\.json is not an alipay-sandbox file/);
  });
});

describe('the sandbox key pair', () => {
  it('is made once and its private key signs what the public key endpoint publishes', async () => {
    const dir = await tempDir();
    const sandbox = await createSandbox({ dataDir: dir });
    const pem = await readFile(join(dir, 'keys', 'sandbox-private-key.pem'), 'utf8');
    const sig = rsa256Sign('x', pem);
    const { createVerify } = await import('node:crypto');
    expect(createVerify('RSA-SHA256').update('x').verify(sandbox.keys.publicKeyPem, decodeURIComponent(sig), 'base64')).toBe(true);
  });
});

describe('what a restart keeps besides payments', () => {
  it('the clock stays as far ahead of wall time as it was moved', async () => {
    const dir = await tempDir();
    const first = await createSandbox({ dataDir: dir, clock: 'real' });
    await first.clock.advance(15 * 60_000);
    const movedTo = first.clock.now();
    await first.close();
    const second = await createSandbox({ dataDir: dir, clock: 'real' });
    expect(second.clock.now()).toBeGreaterThanOrEqual(movedTo);
    await second.close();
  });

  it('ids such as __proto__ and constructor are kept like any other', async () => {
    const dir = await tempDir();
    const first = await createSandbox({ dataDir: dir });
    const { publicKeyPem } = testMerchant();
    await first.registerMerchant('__proto__', publicKeyPem);
    await first.registerMerchant('constructor', publicKeyPem);
    await first.close();
    const second = await createSandbox({ dataDir: dir });
    expect([...second.store.merchants.values()].map((m) => m.clientId).sort()).toEqual(['__proto__', 'constructor']);
    await second.close();
  });
});

