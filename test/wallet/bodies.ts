// A wallet pay as the official SDKs' examples build it (CASHIER_PAYMENT, a wallet paymentMethodType,
// env.terminalType), with a unique request id; `overrides` are merged at the top level.
import { uniqueId } from '../support/bodies.ts';

type Json = Record<string, unknown>;

export function walletPay(paymentMethodType: string, terminalType = 'WEB', overrides: Json = {}): Json {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: uniqueId('WPAY'),
    order: {
      referenceOrderId: `ORDER_${uniqueId('O')}`,
      orderDescription: 'Two cups of tea',
      orderAmount: { currency: 'USD', value: '1000' },
    },
    paymentAmount: { currency: 'USD', value: '1000' },
    paymentMethod: { paymentMethodType },
    paymentRedirectUrl: 'https://merchant.example/return',
    settlementStrategy: { settlementCurrency: 'USD' },
    env: terminalType === 'WEB' ? { terminalType } : { terminalType, osType: 'ANDROID' },
    ...overrides,
  };
}
