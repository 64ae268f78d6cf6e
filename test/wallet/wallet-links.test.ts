// For each wallet and terminal of the catalogue, pay answers U PAYMENT_IN_PROCESS with exactly the links
// the catalogue's row names, built as docs/wallets.md shows them. Generated from the same data file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WALLET_CATALOGUE } from '../../schemas/wallet-catalogue.ts';
import { PayResponse } from '../../schemas/pay.ts';
import { createAjv } from '../../server/api/validate.ts';
import { terminalsOf } from '../../server/wallet/catalogue.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { walletPay } from './bodies.ts';

const START = Date.parse('2026-11-25T12:00:00Z');
const checkAnswer = createAjv().compile(PayResponse);
const rows = WALLET_CATALOGUE.wallets.flatMap((wallet) => terminalsOf(wallet).map((terminal) => ({ wallet, terminal, links: wallet.terminals[terminal]! })));

let t: TestSandbox;
beforeAll(async () => { t = await startTestSandbox({ startAt: START }); });
afterAll(() => t.sandbox.close());

describe.each(rows)('$wallet.paymentMethodType on $terminal', ({ wallet, terminal, links }) => {
  it(`answers PAYMENT_IN_PROCESS with ${links.join(', ')} and nothing else`, async () => {
    const res = await t.post(PAY, walletPay(wallet.paymentMethodType, terminal));
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown> & { paymentId: string };
    expect(body.result).toEqual({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: expect.any(String) });
    expect(checkAnswer(body), JSON.stringify(checkAnswer.errors)).toBe(true);
    const present = ['normalUrl', 'applinkUrl', 'schemeUrl', 'orderCodeForm'].filter((k) => k in body);
    expect(present.sort()).toEqual([...links].sort());

    const token = /\/wallet\/(pg_[A-Za-z0-9_-]{32})$/.exec(body.normalUrl as string)![1]!;
    const base = new URL(body.normalUrl as string).origin;
    expect(body.normalUrl).toBe(`${base}/wallet/${token}`);
    if (links.includes('applinkUrl')) expect(body.applinkUrl).toBe(`${base}/wallet/${token}/applink`);
    if (links.includes('schemeUrl')) expect(body.schemeUrl).toBe(`${wallet.scheme}://pay?token=${token}`);
    if (links.includes('orderCodeForm')) {
      expect(body.orderCodeForm).toEqual({
        paymentMethodType: wallet.paymentMethodType,
        expireTime: '2026-11-25T12:14:00+00:00',
        codeDetails: [
          { codeValueType: 'QRCODE', codeValue: `${base}/wallet/${token}`, displayType: 'TEXT' },
          { codeValueType: 'QRCODE', codeValue: `${base}/wallet/${token}/qr.svg`, displayType: 'BIGIMAGE' },
        ],
      });
    }
  });
});

describe('refusals', () => {
  it('a paymentMethodType outside the catalogue is PARAM_ILLEGAL naming the field', async () => {
    const res = await t.post(PAY, walletPay('NOT_A_WALLET'));
    expect(res.body.result).toMatchObject({ resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' });
    expect(res.body.result.resultMessage).toContain('paymentMethodType');
  });
  it('a terminal the wallet has no row for is PARAM_ILLEGAL naming the ones it has', async () => {
    const res = await t.post(PAY, walletPay('GCASH', 'MINI_APP'));
    expect(res.body.result).toMatchObject({ resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' });
    expect(res.body.result.resultMessage).toContain('WEB, WAP, APP');
  });
});
