// Card vault, server to server: vaultPaymentMethod and inquireVaulting, paying with the token, and the
// token's binding to the merchant that saved it.
import { beforeAll, describe, expect, it } from 'vitest';
import { problemsWith } from '../../server/api/validate.ts';
import { hostedPay, uniqueId } from '../support/bodies.ts';
import { CHALLENGE_CARD, DECLINED_CARD, pages, pageTokenOf, SUCCESS_CARD } from '../hosted/page-client.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const VAULT = '/ams/api/v1/vaults/vaultPaymentMethod';
const INQUIRE = '/ams/api/v1/vaults/inquireVaulting';
const OTHER = { 'Client-Id': 'SANDBOX_OTHER_MERCHANT' };

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ startAt: Date.parse('2026-11-25T12:00:00Z') });
});

function vaultBody(card: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  return {
    vaultingRequestId: uniqueId('VAULT'),
    vaultingNotificationUrl: 'https://shop.example/notify/vault',
    redirectUrl: 'https://shop.example/cards',
    paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardNo: SUCCESS_CARD, expiryMonth: '12', expiryYear: '30', cvv: '123', cardholderName: { fullName: 'Tom Jay' }, ...card } },
    ...overrides,
  };
}

const payWithToken = (cardToken: string, headers: Record<string, string> = {}) =>
  t.post(PAY, { ...hostedPay(), paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: cardToken, paymentMethodMetaData: { isCardOnFile: true } } }, headers);

describe('vaultPaymentMethod', () => {
  it('saves a card: S with paymentMethodDetail.card.cardToken, masked, and the token pays server to server', async () => {
    const body = vaultBody();
    const res = await t.post(VAULT, body);
    expect(res.body.result).toMatchObject({ resultCode: 'SUCCESS', resultStatus: 'S' });
    expect(res.body).toMatchObject({
      vaultingRequestId: body.vaultingRequestId,
      paymentMethodDetail: { paymentMethodType: 'CARD', card: { maskedCardNo: '405469******0768', brand: 'VISA', lastFour: '0768', expiryMonth: '12', expiryYear: '30' } },
    });
    expect(problemsWith('VaultPaymentMethodResponse', res.body)).toEqual([]);
    const cardToken = res.body.paymentMethodDetail.card.cardToken as string;
    expect(cardToken).toMatch(/^ctk_[\w-]{32}$/);
    expect(JSON.stringify(t.sandbox.store.cardTokens.get(cardToken))).not.toContain(SUCCESS_CARD);

    const paid = await payWithToken(cardToken);
    expect(paid.body.result.resultCode).toBe('SUCCESS');
    expect(paid.body.paymentResultInfo).toMatchObject({ cardToken, cardNo: '405469******0768', cardBrand: 'VISA' });
    const inquiry = await t.post('/ams/api/v1/payments/inquiryPayment', { paymentId: paid.body.paymentId });
    expect(inquiry.body.paymentResultInfo.cardToken).toBe(cardToken);
  });

  it('is idempotent on vaultingRequestId: the same answer and token; another card is REPEAT_REQ_INCONSISTENT', async () => {
    const body = vaultBody();
    const first = await t.post(VAULT, body);
    const again = await t.post(VAULT, body);
    expect(again.body).toEqual(first.body);
    const tokens = t.sandbox.store.cardTokens.size;
    const other = await t.post(VAULT, { ...body, paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardNo: '5162774114974622', expiryMonth: '12', expiryYear: '30' } } });
    expect(other.body.result).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' });
    expect(t.sandbox.store.cardTokens.size).toBe(tokens);
    // Per merchant: another client may use the same vaultingRequestId.
    const theirs = await t.post(VAULT, body, OTHER);
    expect(theirs.body.result.resultCode).toBe('SUCCESS');
    expect(theirs.body.paymentMethodDetail.card.cardToken).not.toBe(first.body.paymentMethodDetail.card.cardToken);
  });

  it('refuses a bad card before storing anything', async () => {
    const size = t.sandbox.store.vaultings.size;
    const luhn = await t.post(VAULT, vaultBody({ cardNo: '4054695723100769' }));
    expect(luhn.body.result).toMatchObject({ resultCode: 'INVALID_CARD_NUMBER', resultStatus: 'F' });
    const expired = await t.post(VAULT, vaultBody({ expiryMonth: '01', expiryYear: '25' }));
    expect(expired.body.result.resultCode).toBe('INVALID_EXPIRATION_DATE');
    const schema = await t.post(VAULT, { ...vaultBody(), redirectUrl: undefined });
    expect(schema.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultMessage: 'redirectUrl is required' });
    expect(t.sandbox.store.vaultings.size).toBe(size);
  });

  it('a card the issuer declines is not saved: F with the code, inquireVaulting FAIL', async () => {
    const body = vaultBody({ cardNo: DECLINED_CARD });
    const res = await t.post(VAULT, body);
    expect(res.body.result).toMatchObject({ resultCode: 'DO_NOT_HONOR', resultStatus: 'F' });
    expect(res.body.paymentMethodDetail).toBeUndefined();
    const inquiry = await t.post(INQUIRE, { vaultingRequestId: body.vaultingRequestId });
    expect(inquiry.body).toEqual({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' }, vaultingRequestId: body.vaultingRequestId, vaultingStatus: 'FAIL' });
  });

  it('asks for 3DS where the scenario does: U VERIFICATION_IN_PROCESS with a normalUrl; a passed challenge saves the card', async () => {
    const body = vaultBody({ cardNo: CHALLENGE_CARD });
    const res = await t.post(VAULT, body);
    expect(res.body.result).toMatchObject({ resultCode: 'VERIFICATION_IN_PROCESS', resultStatus: 'U' });
    expect(res.body.normalUrl).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/3ds\/pg_[\w-]+$/);
    expect(res.body.paymentMethodDetail.card.cardToken).toBeUndefined();
    expect(problemsWith('VaultPaymentMethodResponse', res.body)).toEqual([]);
    expect((await t.post(VAULT, body)).body.normalUrl).toBe(res.body.normalUrl);

    const inquiring = await t.post(INQUIRE, { vaultingRequestId: body.vaultingRequestId });
    expect(inquiring.body).toMatchObject({ vaultingStatus: 'PROCESSING', normalUrl: res.body.normalUrl });

    const page = pages(t.sandbox);
    const token = pageTokenOf(res.body.normalUrl);
    expect((await page.session(`/3ds/${token}`)).body).toMatchObject({ kind: 'vaulting', step: 'challenge', card: { lastFour: '3006' }, returnUrl: 'https://shop.example/cards' });
    expect((await page.complete(token, { action: 'submit', code: '123456' })).body).toMatchObject({ action: 'pass', status: 'SUCCESS' });

    const done = await t.post(INQUIRE, { vaultingRequestId: body.vaultingRequestId });
    expect(done.body.vaultingStatus).toBe('SUCCESS');
    const cardToken = done.body.paymentMethodDetail.card.cardToken as string;
    expect(cardToken).toMatch(/^ctk_/);
    expect(problemsWith('InquireVaultingResponse', done.body)).toEqual([]);
    // The repeat now reports the settled vaulting.
    const repeat = await t.post(VAULT, body);
    expect(repeat.body.result.resultCode).toBe('SUCCESS');
    expect(repeat.body.paymentMethodDetail.card.cardToken).toBe(cardToken);
    expect((await page.complete(token, { action: 'fail' })).status).toBe(409);
  });

  it('a failed or abandoned vaulting challenge saves nothing', async () => {
    const page = pages(t.sandbox);
    const failed = vaultBody({ cardNo: CHALLENGE_CARD });
    const res = await t.post(VAULT, failed);
    await page.complete(pageTokenOf(res.body.normalUrl), { action: 'submit', code: '111111' });
    expect((await t.post(INQUIRE, { vaultingRequestId: failed.vaultingRequestId })).body.vaultingStatus).toBe('FAIL');

    const abandoned = vaultBody({ cardNo: CHALLENGE_CARD });
    const open = await t.post(VAULT, abandoned);
    await t.sandbox.clock.advance(14 * 60_000);
    expect((await t.post(INQUIRE, { vaultingRequestId: abandoned.vaultingRequestId })).body.vaultingStatus).toBe('FAIL');
    const late = await page.complete(pageTokenOf(open.body.normalUrl), { action: 'submit', code: '123456' });
    expect(late.status).toBe(410);
  });
});

describe('inquireVaulting', () => {
  it('answers VAULTING_NOT_EXIST for an unknown id and for another merchant\'s', async () => {
    const unknown = await t.post(INQUIRE, { vaultingRequestId: 'VAULT_never' });
    expect(unknown.body.result).toMatchObject({ resultCode: 'VAULTING_NOT_EXIST', resultStatus: 'F' });
    const body = vaultBody();
    await t.post(VAULT, body);
    const foreign = await t.post(INQUIRE, { vaultingRequestId: body.vaultingRequestId }, OTHER);
    expect(foreign.body.result.resultCode).toBe('VAULTING_NOT_EXIST');
  });
});

describe('paying with a cardToken', () => {
  it('an unknown token: F PARAM_ILLEGAL', async () => {
    const res = await payWithToken('ctk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(res.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(res.body.result.resultMessage).toMatch(/not a card token of client/);
    expect(res.body.paymentId).toBeUndefined();
  });

  it('another merchant\'s token is answered exactly like an unknown one', async () => {
    const saved = await t.post(VAULT, vaultBody());
    const cardToken = saved.body.paymentMethodDetail.card.cardToken as string;
    const res = await payWithToken(cardToken, OTHER);
    expect(res.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'paymentMethod.paymentMethodId is not a card token of client SANDBOX_OTHER_MERCHANT' });
  });

  it('an expired saved card: F CARD_EXPIRED', async () => {
    const saved = await t.post(VAULT, vaultBody({ expiryMonth: '12', expiryYear: '26' }));
    const cardToken = saved.body.paymentMethodDetail.card.cardToken as string;
    await t.sandbox.clock.advance(40 * 24 * 3600_000);
    const res = await payWithToken(cardToken);
    expect(res.body.result).toMatchObject({ resultCode: 'CARD_EXPIRED', resultStatus: 'F' });
  });

  it('tokens are opaque and unguessable: 24 random bytes each, never repeated', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) tokens.add((await t.post(VAULT, vaultBody())).body.paymentMethodDetail.card.cardToken);
    expect(tokens.size).toBe(20);
    for (const token of tokens) expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(24);
  });
});
