import { describe, expect, it } from 'vitest';
import { brandOf, isExpired, maskCardNo, normaliseExpiry, passesLuhn } from '../../server/card/card.ts';
import { checkAmount, formatAmount } from '../../server/payment/currency.ts';

describe('card rules', () => {
  it('Luhn', () => {
    for (const good of ['4054695723100768', '5162774114974622', '378282246310005', '4035501000000008']) expect(passesLuhn(good)).toBe(true);
    for (const bad of ['4054695723100769', '1234', '4054a95723100768']) expect(passesLuhn(bad)).toBe(false);
  });

  it('brand by BIN range', () => {
    expect(brandOf('4111111111111111')).toBe('VISA');
    expect(brandOf('2221000000000009')).toBe('MASTERCARD');
    expect(brandOf('5555555555554444')).toBe('MASTERCARD');
    expect(brandOf('371449635398431')).toBe('AMEX');
    expect(brandOf('6200000000000005')).toBe('UNIONPAY');
    expect(brandOf('3566002020360505')).toBe('JCB');
    expect(brandOf('36227206271667')).toBe('DINERS');
    expect(brandOf('9999999999999995')).toBeUndefined();
  });

  it('masks all but BIN and last four', () => {
    expect(maskCardNo('4054695723100768')).toBe('405469******0768');
  });

  it('expiry', () => {
    expect(normaliseExpiry('9', '2031')).toEqual({ month: '09', year: '31' });
    expect(normaliseExpiry('13', '31')).toBeUndefined();
    expect(normaliseExpiry('0', '31')).toBeUndefined();
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(isExpired({ month: '11', year: '26' }, now)).toBe(false);
    expect(isExpired({ month: '10', year: '26' }, now)).toBe(true);
    expect(isExpired({ month: '12', year: '26' }, Date.parse('2027-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('amounts', () => {
  it('formats by minor units', () => {
    expect(formatAmount({ currency: 'EUR', value: '30000' })).toBe('300.00');
    expect(formatAmount({ currency: 'EUR', value: '5' })).toBe('0.05');
    expect(formatAmount({ currency: 'JPY', value: '500' })).toBe('500');
    expect(formatAmount({ currency: 'KWD', value: '1500' })).toBe('1.500');
  });

  it('rejects unsupported currencies and IDR outside whole rupiah', () => {
    expect(checkAmount({ currency: 'XXX', value: '1' }, 'a')).toMatchObject({ refused: { resultCode: 'CURRENCY_NOT_SUPPORT', resultMessage: expect.stringMatching(/XXX is not supported/) } });
    expect(checkAmount({ currency: 'IDR', value: '150' }, 'a')).toMatchObject({ refused: { resultCode: 'INVALID_AMOUNT', resultMessage: expect.stringMatching(/"00"/) } });
    expect(checkAmount({ currency: 'IDR', value: '1500' }, 'a')).toBeUndefined();
  });
});
