// What the list-latency scenario adds to a sandbox with its seeded payments: a delivered notifyPayment for
// each payment, and a request journal filled to its size with recorded pays, so each list endpoint pages
// through as much as a long QA session leaves behind.
import { randomUUID } from 'node:crypto';
import type { AnsweredCall } from '../../server/api/handle-merchant-call.ts';
import { recordOfCall } from '../../server/journal/record-call.ts';
import type { SandboxCore } from '../../server/sandbox-core.ts';
import { PAY_PATH } from './bench-config.ts';
import { payBody } from './pay-requests.ts';

const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

export async function seedLists(core: SandboxCore): Promise<{ notifications: number; requests: number }> {
  const at = new Date().toISOString();
  for (const payment of core.store.payments.values()) {
    core.store.notifications.put({
      id: `ntf_${randomUUID()}`, notifyType: 'PAYMENT_RESULT', paymentId: payment.paymentId, clientId: payment.clientId,
      url: 'http://127.0.0.1:9/notify', body: JSON.stringify({ notifyType: 'PAYMENT_RESULT', paymentId: payment.paymentId }),
      status: 'delivered', createdAt: payment.createdAt, scheduledAttempts: 1,
      attempts: [{ number: 1, kind: 'scheduled', at, requestHeaders: {}, responseStatus: 200, responseBody: ACK, latencyMs: 2, delivered: true }],
    });
  }
  await core.store.settled();
  for (let i = 0; i < core.journal.capacity; i++) {
    const text = payBody(`journal-${i}`);
    const call: AnsweredCall = {
      method: 'POST', path: PAY_PATH, clientId: 'BENCH_MERCHANT', receivedAt: core.clock.now(), durationMs: 1.5, signature: 'valid',
      headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': 'BENCH_MERCHANT', 'request-time': at },
      requestBody: JSON.parse(text), requestText: text,
      answer: {
        status: 200, headers: {}, operation: 'payments/pay', body: `{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentId":"${i}"}`,
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }, paymentId: String(i),
      },
    };
    core.journal.add(recordOfCall(call));
  }
  return { notifications: core.store.notifications.size, requests: core.journal.size };
}
