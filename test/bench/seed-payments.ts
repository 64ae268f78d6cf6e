// Fills a sandbox store with realistic payments straight through the store API, so that 100,000 of them
// take seconds instead of the minutes 100,000 signed HTTP pays would. The records are built by the
// sandbox's own openPayment(), i.e. exactly the shape a real pay stores.
import { createHash } from 'node:crypto';
import type { PayRequest } from '../../schemas/pay.ts';
import { describeCard } from '../../server/card/card.ts';
import { newTransactionId, randomDigits } from '../../server/payment/ids.ts';
import { openPayment } from '../../server/payment/open-payment.ts';
import type { SandboxStore } from '../../server/store/sandbox-store.ts';

const CARD_NO = '4054695723100768';

function seedRequest(i: number): PayRequest {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: `seed-${i}`,
    order: { orderDescription: `Seeded order ${i}`, referenceOrderId: `order-${i}` },
    paymentAmount: { currency: 'EUR', value: String(1000 + (i % 50_000)) },
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: { cardNo: CARD_NO, expiryMonth: '12', expiryYear: '34', cvv: '123' },
    },
    env: { terminalType: 'WEB' },
  } as PayRequest;
}

/**
 * Stores `count` successful card payments of `clientId`, created over the past days, commits them and
 * waits for the compaction they set off, so the measured runs find the store as a long session leaves it.
 */
export async function seedPayments(store: SandboxStore, count: number, clientId: string): Promise<void> {
  const now = Date.now();
  const cardInfo = describeCard(CARD_NO, { month: '12', year: '34' }, { funding: 'CREDIT', issuingCountry: 'US' });
  for (let i = 0; i < count; i++) {
    const request = seedRequest(i);
    const createdAt = now - (count - i) * 20_000;
    const { payment } = openPayment(
      {
        paymentId: newTransactionId(createdAt, (id) => store.payments.get(id) !== undefined),
        clientId,
        mode: 'card',
        fingerprint: createHash('sha256').update(`EUR|${request.paymentAmount.value}|CARD||${CARD_NO}`).digest('hex'),
        request,
        cardInfo,
        networkTransactionId: randomDigits(15),
        now: createdAt,
      },
      {
        status: 'S',
        resultInfo: { avsResultRaw: 'U', cvvResultRaw: 'Y' },
        scenario: { name: 'default-success', reason: 'seeded by the bench' },
      },
    );
    store.payments.put(payment);
  }
  await store.settled();
}
