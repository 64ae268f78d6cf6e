// What a webhook certification run sends, one probe per check: the notification body, how it is signed
// (the sandbox's key, another key, none, or the sandbox's key over a different body), and what a merchant
// that follows Antom's rules answers (acknowledged or not). Pure: signing happens when it is sent.
import { paymentResultBody } from '../notify/notification-bodies.ts';
import { captureResultBody, refundResultBody } from '../notify/lifecycle-bodies.ts';
import type { PurposePayment } from './purpose-payment.ts';
import { RULES, type Rule } from './rules.ts';

export type Signing = 'sandbox' | 'other-key' | 'none' | 'sandbox-over-original';

export interface Probe {
  id: string;
  name: string;
  /** The exact JSON text sent. */
  body: string;
  signing: Signing;
  /** With 'sandbox-over-original': the body the signature was made over. */
  signedBody?: string;
  /** Reuse the previous probe's headers and body exactly (a duplicate delivery). */
  repeatOf?: string;
  expect: 'ack' | 'no-ack' | 'info';
  fix: string;
  rule: Rule;
}

export interface SkippedProbe { id: string; name: string; reason: string; rule: Rule }

const ACK_TEXT = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

/** The probes of one run, in the order they are sent; capture and refund ones only when asked for. */
export function webhookProbes(purpose: PurposePayment, timeoutMs: number, include: { capture: boolean; refund: boolean }): { probes: Probe[]; skipped: SkippedProbe[] } {
  const payment = paymentResultBody(purpose.payment).body as Record<string, unknown> & { paymentAmount: { currency: string; value: string } };
  const valid = JSON.stringify(payment);
  const tampered = JSON.stringify({ ...payment, paymentAmount: { ...payment.paymentAmount, value: String(Number(payment.paymentAmount.value) * 100) } });
  const extra = JSON.stringify({
    ...payment,
    notifyVersion: '2.1',
    paymentResultInfo: { ...(payment.paymentResultInfo as object | undefined), issuerReferenceNo: 'CERTIFY-EXTRA-FIELD' },
    acquirerInfo: { acquirerName: 'alipay-sandbox', acquirerTransactionId: 'CERTIFY-EXTRA-FIELD' },
  });
  const failAfter = JSON.stringify({
    ...payment,
    result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'Do not honor' },
    paymentTime: undefined,
  });
  const verify = 'Verify the Signature header with Alipay\'s public key over "POST <path>\\n<client-id>.<request-time>.<raw body>" before acting on the body; answer anything but SUCCESS when it does not verify.';
  const probes: Probe[] = [
    {
      id: 'notify-payment-acknowledged', name: 'a valid notifyPayment (SUCCESS) is acknowledged', body: valid, signing: 'sandbox', expect: 'ack',
      fix: `Answer HTTP 200 with ${ACK_TEXT} within ${timeoutMs} ms, once the result is stored (do slow work after answering).`, rule: RULES.acknowledge,
    },
    {
      id: 'duplicate-acknowledged', name: 'the same notification again is acknowledged again', body: valid, signing: 'sandbox', repeatOf: 'notify-payment-acknowledged', expect: 'ack',
      fix: 'Look the payment up by paymentId: if it was handled already, do nothing more and acknowledge again (never ship twice, never refuse a repeat).', rule: RULES.duplicates,
    },
    { id: 'forged-signature-refused', name: 'a notification signed with another key is not acknowledged', body: valid, signing: 'other-key', expect: 'no-ack', fix: verify, rule: RULES.verifySignature },
    {
      id: 'tampered-body-refused', name: 'a valid signature over a different body (amount changed) is not acknowledged', body: tampered, signing: 'sandbox-over-original', signedBody: valid,
      expect: 'no-ack', fix: `${verify} Verify over the raw bytes received, not a re-serialised object.`, rule: RULES.verifySignature,
    },
    { id: 'missing-signature-refused', name: 'a notification without a Signature header is not acknowledged', body: valid, signing: 'none', expect: 'no-ack', fix: verify, rule: RULES.verifySignature },
    {
      id: 'unknown-fields-acknowledged', name: 'a notification with extra, unknown fields is acknowledged', body: extra, signing: 'sandbox', expect: 'ack',
      fix: 'Read notifications tolerantly: ignore fields you do not know (no strict schema with additionalProperties false, no unknown-field errors in the JSON mapper).', rule: RULES.tolerantReader,
    },
  ];
  const skipped: SkippedProbe[] = [];
  const lifecycle = (kind: 'capture' | 'refund') => {
    const id = `notify-${kind}-acknowledged`;
    const name = `a valid notify${kind === 'capture' ? 'Capture' : 'Refund'} is acknowledged`;
    const subjectId = kind === 'capture' ? purpose.captureId : purpose.refundId;
    if (!include[kind] || !subjectId) {
      skipped.push({ id, name, reason: `the sandbox has not seen this merchant ${kind} a payment (pass --${kind} to send it anyway)`, rule: RULES.lifecycleNotifications });
      return;
    }
    const built = kind === 'capture' ? captureResultBody(purpose.payment, subjectId) : refundResultBody(purpose.payment, subjectId);
    probes.push({
      id, name, body: JSON.stringify(built.body), signing: 'sandbox', expect: 'ack',
      fix: `Route notifyType ${kind === 'capture' ? 'CAPTURE_RESULT' : 'REFUND_RESULT'} to its handler and acknowledge it like notifyPayment.`, rule: RULES.lifecycleNotifications,
    });
  };
  lifecycle('capture');
  lifecycle('refund');
  probes.push({
    id: 'fail-after-success', name: 'informational: an F notifyPayment after the S one, for the same payment', body: failAfter, signing: 'sandbox', expect: 'info',
    fix: 'A paid order should not be undone by a later F for the same paymentId without an inquiryPayment to confirm it.', rule: RULES.duplicates,
  });
  return { probes, skipped };
}
