// The request journal masks card numbers and removes security codes from a body's JSON text directly
// (redactJsonText), and falls back to redacting the parsed body where the text path could differ. Both
// must keep the same thing: for every body below, the text path's result parses to exactly what
// redactBody makes of the parsed body, or the text path declines (undefined) and the parsed body is
// redacted instead. Every body a card pay, capture or vault call sends takes the text path.
import { describe, expect, it } from 'vitest';
import { redactBody, redactJsonText } from '../../server/journal/redact-body.ts';

const CARD = '4054695723100768';
const bodies: [string, string][] = [
  ['a card pay', JSON.stringify({ paymentRequestId: 'r-1', paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { cardNo: CARD, expiryMonth: '12', expiryYear: '34', cvv: '123' } } })],
  ['spaced out, cvv last', `{ "paymentMethodMetaData" : { "cardNo" : "${CARD}" , "cvv" : "123" } }`],
  ['cvv first', `{"cvv":"123","cardNo":"${CARD}","x":1}`],
  ['only a cvv', '{"cvv":"123"}'],
  ['two codes in a row, the last of their object (declined)', '{"a":"x","cvv":"1","CVC":"2"}'],
  ['upper-case keys', `{"CardNo":"${CARD}","CVV2":"999","SecurityCode":"12","x":1}`],
  ['upper-case codes, the last of their object (declined)', `{"CardNo":"${CARD}","CVV2":"999","SecurityCode":"12"}`],
  ['a security code alone in each of many objects', `{"list":[${Array.from({ length: 200 }, () => '{"cvv":"1"}').join(',')}]}`],
  ['card number in a field of another name (declined)', `{"note":"${CARD}","buyerPhone":"13800138000"}`],
  ['an id that is all digits (declined)', `{"referenceOrderId":"${CARD}","paymentRequestId":"${CARD}"}`],
  ['spaced card number', '{"cardNumber":"4054 6957 2310 0768"}'],
  ['pan key', `{"pan":"${CARD}","goods":[{"goodsName":"x","goodsQuantity":"1"}]}`],
  ['a card number that is a number (declined)', `{"cardNo":4054695723100768,"amount":12.5,"ok":true,"none":null}`],
  ['a card in an array (declined)', `{"list":["${CARD}"]}`],
  ['a security code that is a number (declined)', '{"cvv":123}'],
  ['an object under a security key (declined)', '{"cvv":{"v":"1"}}'],
  ['an escape (declined)', '{"cardNo":"4054695723100768","name":"A \\"quoted\\" name"}'],
  ['nested cvv with spaces before the comma', `{"m":{"cardNo":"${CARD}","cvv":"123" ,"expiryYear":"34"}}`],
  ['a long run of spaces before the comma', `{"cvv":"123"${' '.repeat(100)},"b":2}`],
  ['no secrets', '{"productCode":"CASHIER_PAYMENT","order":{"orderDescription":"Cappuccino"}}'],
];

describe('redactJsonText', () => {
  it.each(bodies)('%s: keeps what redactBody keeps, or declines', (_name, text) => {
    const expected = redactBody(JSON.parse(text));
    const fast = redactJsonText(text);
    if (fast === undefined) return;
    expect(JSON.parse(fast)).toEqual(expected);
  });

  it('takes the text path for the bodies a card pay sends, and declines the others', () => {
    const declined = bodies.filter(([, text]) => redactJsonText(text) === undefined).map(([name]) => name);
    expect(declined).toEqual(bodies.filter(([name]) => name.endsWith('(declined)')).map(([name]) => name));
  });

  it('agrees with redactBody on 3,000 generated bodies (seeded), compact and indented', () => {
    let seed = 20261129;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const KEYS = ['cardNo', 'CARDNO', 'cardNumber', 'pan', 'cvv', 'cvv2', 'CVC', 'securityCode', 'cardSecurityCode', 'paymentRequestId', 'orderId', 'note', 'name', 'value', 'items'];
    const strings = [CARD, '4054 6957 2310 0768', '5200000000000007', '123', '12345678901234', 'plain text', '', 'a,b:c}', '405469******0768'];
    const valueOf = (depth: number): unknown => {
      const kind = random();
      if (depth < 3 && kind < 0.2) return objectOf(depth + 1);
      if (depth < 3 && kind < 0.3) return Array.from({ length: Math.floor(random() * 3) }, () => valueOf(depth + 1));
      if (kind < 0.4) return pick([123, 4054695723100768, 0, true, null]);
      return pick(strings);
    };
    const objectOf = (depth: number): Record<string, unknown> => Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(KEYS), valueOf(depth)]));
    let fastPaths = 0;
    for (let i = 0; i < 3000; i++) {
      const body = objectOf(0);
      const text = JSON.stringify(body, null, pick([0, 1, 2]));
      const fast = redactJsonText(text);
      if (fast === undefined) continue;
      fastPaths++;
      expect(JSON.parse(fast), text).toEqual(redactBody(JSON.parse(text)));
    }
    // Most bodies take the text path; the rest were declined, not redacted differently.
    expect(fastPaths).toBeGreaterThan(1000);
  });

  it('masks a card number sent as a JSON number, under its key or any other', () => {
    expect(redactBody({ cardNo: 4054695723100768, note: 4054695723100768, amount: 12, count: 1234567890123 })).toEqual({
      cardNo: '405469******0768', note: '405469******0768', amount: 12, count: 1234567890123,
    });
  });

  it('keeps the text as it came apart from what it masks or removes', () => {
    expect(redactJsonText(`{ "cardNo" : "${CARD}" , "cvv" : "123" , "x" : 1 }`)).toBe('{ "cardNo" : "405469******0768" , "x" : 1 }');
    expect(redactJsonText('{"a":"x", "cvv":"1"}')).toBe('{"a":"x"}');
  });
});
