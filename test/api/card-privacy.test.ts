// Nothing on disk gives a card number away. A card's BIN and last four are shown anyway; its six middle
// digits are not, and with the Luhn digit only about 100,000 candidates remain, so any stored value
// computed from them (a hash, even salted with something stored beside it) recovers the number in
// seconds. The proof is differential: two sandboxes, identical but for the middle digits of the card,
// must write the same bytes, apart from the random ids each mints. And the files are the user's alone.
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { passesLuhn } from '../../server/card/card.ts';
import { createSandbox } from '../../server/create-sandbox.ts';
import { generateSandboxKeys } from '../../server/crypto/keys.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';

const PRIVATE_KEY = (await generateSandboxKeys()).privateKeyPem;
const BIN = '411734';
const LAST_FOUR = '6383';

/** Two Luhn-valid numbers with the same BIN and last four and different middle digits. */
function twinCards(): [string, string] {
  const found: string[] = [];
  for (let middle = 100_000; found.length < 2; middle += 7919) {
    const cardNo = `${BIN}${String(middle).padStart(6, '0')}${LAST_FOUR}`;
    if (passesLuhn(cardNo)) found.push(cardNo);
  }
  return [found[0]!, found[1]!];
}

const walk = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)).then((inner) => [join(dir, e.name), ...inner]) : [join(dir, e.name)])));
  return nested.flat();
};

/** One life of a sandbox that pays with the card, saves it, and pays with the saved card; returns its data files. */
async function recordsLeftBy(cardNo: string, keys: 'given' | 'made' = 'given'): Promise<{ dir: string; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-privacy-'));
  const sandbox = await createSandbox({ dataDir: dir, startAt: Date.parse('2026-11-25T12:00:00Z'), privateKey: keys === 'given' ? PRIVATE_KEY : undefined });
  const app = request(sandbox.app);
  const post = (path: string, body: object) => app.post(path).set('content-type', 'application/json').send(body);
  const paid = await post('/ams/api/v1/payments/pay', cardPay({ paymentRequestId: 'PAY_PRIVACY' }, { cardNo }));
  expect(paid.body.result.resultStatus).toBe('S');
  const vaulted = await post('/ams/api/v1/vaults/vaultPaymentMethod', {
    vaultingRequestId: 'VAULT_PRIVACY', vaultingNotificationUrl: 'https://shop.example/notify/vault', redirectUrl: 'https://shop.example/cards',
    paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardNo, expiryMonth: '12', expiryYear: '30', cvv: '123', cardholderName: { fullName: 'Tom Jay' } } },
  });
  expect(vaulted.body.result, JSON.stringify(vaulted.body)).toMatchObject({ resultStatus: 'S' });
  const cardToken = vaulted.body.paymentMethodDetail.card.cardToken as string;
  expect(cardToken).toMatch(/^ctk_/);
  const byToken = await post('/ams/api/v1/payments/pay', {
    ...hostedPay({ paymentRequestId: 'PAY_PRIVACY_TOKEN' }),
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: cardToken, paymentMethodMetaData: { isCardOnFile: true } },
  });
  expect(byToken.body.result.resultStatus).toBe('S');
  // A repeat of the first pay with the same card is still recognised as the same request.
  expect((await post('/ams/api/v1/payments/pay', cardPay({ paymentRequestId: 'PAY_PRIVACY' }, { cardNo }))).body.paymentId).toBe(paid.body.paymentId);
  await sandbox.close();
  const files = (await walk(dir)).sort();
  const texts = await Promise.all(files.map(async (f) => ((await stat(f)).isDirectory() ? `${f.slice(dir.length)}/` : `${f.slice(dir.length)}\n${await readFile(f, 'utf8')}`)));
  return { dir, text: texts.join('\n') };
}

/** The ids a sandbox mints at random (payment and transaction ids, card tokens), its wall-clock facts and the checksums over them, replaced by placeholders. */
const withoutRandomIds = (text: string) => text
  .replace(/ctk_[\w-]+/g, 'ctk_*')
  .replace(/\b\d{15,}\b/g, '#')
  .replace(/("id":"clock-[\w-]+","value":)-?\d+/g, '$1#')
  // The checksums of segments and journal lines cover those ids.
  .replace(/(\n|\t)[0-9a-f]{8}\n/g, '$1crc\n');


describe('card data on disk', () => {
  it('two cards differing only in their middle digits leave the same records, and nothing derived from those digits', async () => {
    const [one, two] = twinCards();
    const first = await recordsLeftBy(one);
    const second = await recordsLeftBy(two);
    expect(first.text).not.toContain(one.slice(6, 12));
    expect(withoutRandomIds(first.text)).toBe(withoutRandomIds(second.text));
  });

  it('writes its files 0600 and its folders 0700', async () => {
    // Without a given key, so the key files are made too.
    const { dir } = await recordsLeftBy(twinCards()[0], 'made');
    const modes = await Promise.all([dir, ...await walk(dir)].map(async (path) => {
      const s = await stat(path);
      return { path: path.slice(dir.length) || '.', expected: s.isDirectory() ? '700' : '600', mode: (s.mode & 0o777).toString(8) };
    }));
    expect(modes.map((m) => m.path), JSON.stringify(modes)).toEqual(expect.arrayContaining(['/keys/sandbox-private-key.pem', '/db/journal.ndjson', '/db/payments-000000.json']));
    for (const m of modes) expect(`${m.path} ${m.mode}`).toBe(`${m.path} ${m.expected}`);
  });
});
