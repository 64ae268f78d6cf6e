// The request journal: every merchant API call, accepted or refused, over real HTTP, read back through
// GET /_sandbox/requests and /_sandbox/requests/:id, with card data masked and the CVV gone.
import { afterEach, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { INQUIRY, PAY } from '../support/sandbox.ts';
import { startLive, type Json, type Live } from './live.ts';

let live: Live | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

const CARD = '4054695723100768';

describe('the request journal', () => {
  it('records an accepted pay with its verdict, result, scenario and bodies; the card is masked and the CVV is not kept', async () => {
    live = await startLive();
    const paid = await live.call(PAY, cardPay({}, { cardNo: CARD, cvv: '737' }));
    expect(paid.result.resultCode).toBe('SUCCESS');

    const { status, body: list } = await live.control('GET', '/requests');
    expect(status).toBe(200);
    expect(list).toMatchObject({ size: 1, capacity: 10_000, nextCursor: null });
    const [summary] = list.requests as Json[];
    expect(summary).toMatchObject({
      method: 'POST', path: PAY, clientId: live.merchant.clientId, operation: 'payments/pay', signature: 'valid',
      resultCode: 'SUCCESS', resultStatus: 'S', httpStatus: 200, paymentId: paid.paymentId, failed: false,
    });
    expect(summary!.scenario).toEqual(expect.any(String));
    expect(summary!.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(summary!.time as string)).not.toBeNaN();
    expect(summary).not.toHaveProperty('requestBody');

    const { body: entry } = await live.control('GET', `/requests/${summary!.id}`);
    expect(entry.requestBody.paymentMethod.paymentMethodMetaData.cardNo).toBe('405469******0768');
    expect(entry.requestBody.paymentMethod.paymentMethodMetaData).not.toHaveProperty('cvv');
    expect(entry.requestBody.paymentRequestId).toBe(paid.paymentRequestId ?? entry.requestBody.paymentRequestId);
    expect(entry.responseBody).toEqual(paid);
    expect(entry.requestHeaders['client-id']).toBe(live.merchant.clientId);
    expect(entry.requestHeaders).not.toHaveProperty('signature');
    const text = JSON.stringify(entry);
    expect(text).not.toContain(CARD);
    // As a value, not as three digits anywhere: random ids and times may contain 737 by chance.
    expect(text).not.toContain('"737"');
  });

  it('records refusals: a bad field with the field it names, a bad and a missing signature, an unknown path, a body that is not JSON', async () => {
    live = await startLive();
    const bad = cardPay();
    (bad.paymentAmount as Json).value = 'ten';
    expect((await live.call(PAY, bad)).result.resultCode).toBe('PARAM_ILLEGAL');
    expect((await live.call(PAY, cardPay(), { Signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' })).result.resultCode).toBe('INVALID_SIGNATURE');
    const unsigned = await fetch(`${live.url}${INQUIRY}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'client-id': live.merchant.clientId }, body: '{"paymentId":"1"}',
    });
    expect(((await unsigned.json()) as Json).result.resultCode).toBe('INVALID_SIGNATURE');
    await live.call('/ams/api/v1/payments/nothing', {});
    // Broken JSON that carries a card number and a CVV: kept as text, masked.
    await live.call(PAY, `{"cardNo":"${CARD}","cvv":"737",`);

    const { body } = await live.control('GET', '/requests?failed=true');
    const rows = body.requests as Json[];
    expect(rows.map((r) => [r.resultCode, r.signature, r.errorField])).toEqual([
      // Refused before the signature could be checked: the bytes are not JSON.
      ['PARAM_ILLEGAL', 'unchecked', 'body'],
      ['NO_INTERFACE_DEF', 'unchecked', undefined],
      ['INVALID_SIGNATURE', 'missing', 'Signature'],
      ['INVALID_SIGNATURE', 'invalid', 'Signature'],
      ['PARAM_ILLEGAL', 'valid', 'paymentAmount.value'],
    ]);
    expect(rows.every((r) => r.failed === true)).toBe(true);
    const broken = (await live.control('GET', `/requests/${rows[0]!.id}`)).body;
    expect(broken.requestBody).toBe('{"cardNo":"405469******0768","cvv":"<removed>",');
    expect(broken.resultMessage).toContain('not valid JSON');
  });

  it('filters by client, operation, result, payment and failure', async () => {
    live = await startLive();
    const paid = await live.call(PAY, cardPay());
    await live.call(INQUIRY, { paymentId: paid.paymentId });
    await live.call(INQUIRY, { paymentId: '2026000000000000000000000000000000' });
    const ids = async (query: string) => ((await live!.control('GET', `/requests?${query}`)).body.requests as Json[]).map((r) => `${r.operation}:${r.resultCode}`);

    expect(await ids(`paymentId=${paid.paymentId as string}`)).toEqual(['payments/inquiryPayment:SUCCESS', 'payments/pay:SUCCESS']);
    expect(await ids('operation=payments/inquiryPayment')).toEqual(['payments/inquiryPayment:ORDER_NOT_EXIST', 'payments/inquiryPayment:SUCCESS']);
    expect(await ids('result=ORDER_NOT_EXIST')).toEqual(['payments/inquiryPayment:ORDER_NOT_EXIST']);
    expect(await ids('result=S')).toEqual(['payments/inquiryPayment:SUCCESS', 'payments/pay:SUCCESS']);
    expect(await ids('failed=false')).toHaveLength(2);
    expect(await ids(`clientId=${live.merchant.clientId}`)).toHaveLength(3);
    expect(await ids('clientId=SOMEONE_ELSE')).toEqual([]);
  });

  it('keeps only the last --journal-size calls and pages through them by cursor, newest first', async () => {
    live = await startLive({ journalSize: 7 });
    for (let i = 0; i < 10; i++) await live.call(INQUIRY, { paymentId: `2026${String(i).padStart(30, '0')}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body }: { body: Json } = await live.control('GET', `/requests?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body).toMatchObject({ size: 7, capacity: 7 });
      seen.push(...(body.requests as Json[]).map((r) => r.id as string));
      cursor = body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['req_10', 'req_9', 'req_8', 'req_7', 'req_6', 'req_5', 'req_4']);
    // The oldest three were pushed out.
    expect((await live.control('GET', '/requests/req_3')).status).toBe(404);
    expect((await live.control('GET', '/requests/req_4')).status).toBe(200);
  });

  it('answers bad queries and unknown ids with a clear refusal', async () => {
    live = await startLive();
    const tooMany = await live.control('GET', '/requests?limit=100000');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'INVALID_QUERY', field: 'limit', message: expect.stringContaining('limit') });
    const unknown = await live.control('GET', '/requests?colour=red');
    expect(unknown.body.error).toEqual({ code: 'INVALID_QUERY', status: 400, field: 'colour', message: 'colour is not allowed' });
    expect((await live.control('GET', '/requests?failed=yes')).body.error.message).toContain('failed must be one of true, false');
    expect((await live.control('GET', '/requests?limit=1&limit=2')).body.error).toMatchObject({ code: 'INVALID_QUERY', field: 'limit' });
    const missing = await live.control('GET', '/requests/req_99');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'REQUEST_NOT_FOUND', field: 'id' });
    expect((await live.control('GET', '/requests/nonsense')).status).toBe(404);
  });

  it('records nothing with --journal-size 0, and still answers the list', async () => {
    live = await startLive({ journalSize: 0 });
    expect((await live.call(PAY, cardPay())).result.resultCode).toBe('SUCCESS');
    const { status, body } = await live.control('GET', '/requests');
    expect(status).toBe(200);
    expect(body).toEqual({ requests: [], nextCursor: null, size: 0, capacity: 0 });
    expect((await live.control('GET', '/requests/req_1')).status).toBe(404);
  });

  it('refuses a journal size that is not a whole number from 0 to 1,000,000', async () => {
    await expect(startLive({ journalSize: -1 })).rejects.toThrow('journal size must be a whole number from 0 (off) to 1000000, not -1');
    await expect(startLive({ journalSize: 2.5 })).rejects.toThrow('journal size must be a whole number from 0 (off) to 1000000, not 2.5');
  });
});
