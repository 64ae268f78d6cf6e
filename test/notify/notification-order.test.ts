// A pay with automatic capture queues the payment result and the capture result in the same instant.
// As Antom does, the capture's first attempt goes out only once the payment result's first attempt has
// finished: here the merchant holds its answer to notifyPayment, and notifyCapture must not arrive
// before that answer is given, acknowledged or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { ACK, startReceiver, type Receiver } from '../support/receiver.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const HOLD_MS = 400;

let t: TestSandbox;
let receiver: Receiver;
const events: string[] = [];

beforeAll(async () => {
  t = await startTestSandbox({ notifyTimeoutMs: 5000 });
  receiver = await startReceiver((req, _i, res) => {
    const { notifyType } = JSON.parse(req.body) as { notifyType: string };
    events.push(`${notifyType} arrived`);
    const answer = () => {
      events.push(`${notifyType} answered`);
      if (req.path.endsWith('/refuse')) res.writeHead(500).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(ACK);
    };
    if (notifyType === 'PAYMENT_RESULT') setTimeout(answer, HOLD_MS);
    else answer();
  });
});
afterAll(() => receiver.close());

describe('notification order', () => {
  for (const [merchant, path] of [['acknowledges', '/ack'], ['fails', '/refuse']] as const) {
    it(`the capture result follows the payment result's first attempt, when the merchant ${merchant} it`, async () => {
      events.length = 0;
      const res = await t.post(PAY, cardPay({ paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' }, paymentNotifyUrl: `${receiver.url}${path}` }));
      expect(res.body.result.resultCode).toBe('SUCCESS');
      await t.sandbox.notifications.waitForAttempt({ paymentId: res.body.paymentId, notifyType: 'CAPTURE_RESULT' }, 20_000);
      expect(events).toEqual(['PAYMENT_RESULT arrived', 'PAYMENT_RESULT answered', 'CAPTURE_RESULT arrived', 'CAPTURE_RESULT answered']);
    });
  }
});
