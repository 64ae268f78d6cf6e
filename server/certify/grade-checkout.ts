// Grades a checkout certification run from the request journal: for each planned case, the pay that
// got it (found by its scenario) and what the merchant did next for the same order (referenceOrderId).
// Pure: the journal records, a lookup of opened challenge pages and the time are handed in.
import type { CertifyCheck } from '../../schemas/control/certify.ts';
import { requestBodyOf, requestIdOf, type CallTexts, type JournalRecord } from '../journal/request-journal.ts';
import { CHECKOUT_PLAN, INQUIRY_DEADLINE_MS, type CheckoutCase } from './checkout-plan.ts';
import { RULES } from './rules.ts';

interface PayBody {
  paymentRequestId?: string; paymentId?: string;
  order?: { referenceOrderId?: string };
  paymentAmount?: { currency?: string; value?: string };
  paymentMethod?: { paymentMethodId?: string; paymentMethodMetaData?: { cardNo?: string } };
}

export interface DealtCase {
  case: CheckoutCase;
  pay: GradedCall;
  paymentRequestId?: string;
  paymentId?: string;
  referenceOrderId?: string;
}

/** A journal record with its texts, as grading reads it. */
export type GradedCall = JournalRecord & CallTexts;

export interface GradeInput {
  /** The merchant's calls since the run started, oldest first. */
  records: GradedCall[];
  /** When the buyer's browser first opened this payment's challenge page, if it did. */
  challengeOpenedAt: (paymentId: string) => string | undefined;
  now: number;
}

const PAY = 'payments/pay';
const INQUIRY = 'payments/inquiryPayment';
const bodyOf = (record: GradedCall): PayBody => (requestBodyOf(record) ?? {}) as PayBody;
const cardOf = (body: PayBody) => body.paymentMethod?.paymentMethodId ?? body.paymentMethod?.paymentMethodMetaData?.cardNo ?? '';

/** Which pay got each case: the first pay after the start that its scenario decided. */
export function dealtCases(records: GradedCall[]): Map<CheckoutCase['id'], DealtCase> {
  const dealt = new Map<CheckoutCase['id'], DealtCase>();
  for (const record of records) {
    if (record.operation !== PAY || record.scenario === undefined) continue;
    const planned = CHECKOUT_PLAN.find((c) => c.scenario === record.scenario && !dealt.has(c.id));
    if (!planned) continue;
    const body = bodyOf(record);
    if (dealt.has(planned.id)) continue;
    dealt.set(planned.id, { case: planned, pay: record, paymentRequestId: body.paymentRequestId, paymentId: record.paymentId, referenceOrderId: body.order?.referenceOrderId });
  }
  return dealt;
}

function brief(record: GradedCall) {
  const body = bodyOf(record);
  return {
    request: requestIdOf(record.seq), time: new Date(record.receivedAt).toISOString(), operation: record.operation, paymentRequestId: body.paymentRequestId, paymentId: body.paymentId ?? record.paymentId,
    referenceOrderId: body.order?.referenceOrderId, result: `${record.result.resultStatus} ${record.result.resultCode}`,
  };
}

type Follow = 'inquiry' | 'same-id' | 'new-id';

/** What a later call of the merchant is to this case's pay, if anything. */
function followOf(dealt: DealtCase, record: GradedCall): Follow | undefined {
  if (record.seq <= dealt.pay.seq) return undefined;
  const body = bodyOf(record);
  if (record.operation === INQUIRY) {
    const mine = (body.paymentRequestId !== undefined && body.paymentRequestId === dealt.paymentRequestId) || (body.paymentId !== undefined && body.paymentId === dealt.paymentId);
    return mine ? 'inquiry' : undefined;
  }
  if (record.operation !== PAY) return undefined;
  if (body.paymentRequestId === dealt.paymentRequestId) return 'same-id';
  const first = bodyOf(dealt.pay);
  const sameOrder = dealt.referenceOrderId !== undefined
    ? body.order?.referenceOrderId === dealt.referenceOrderId
    // Without a referenceOrderId, the same amount and currency stand for the same order.
    : body.paymentAmount?.value === first.paymentAmount?.value && body.paymentAmount?.currency === first.paymentAmount?.currency;
  return sameOrder ? 'new-id' : undefined;
}

function check(c: CheckoutCase, name: string, rule: CertifyCheck['rule'], verdict: CertifyCheck['verdict'], detail: string, fix: string | undefined, evidence: object): CertifyCheck {
  return { id: c.id, name, graded: true, verdict, detail, ...(verdict === 'fail' && fix ? { fix } : {}), rule, evidence };
}

function gradeUnknown(dealt: DealtCase, records: GradedCall[], name: string): CertifyCheck {
  const fix = 'On U (or no answer), call inquiryPayment with the same paymentRequestId (or repeat pay with it) until the result is final; never start a new paymentRequestId for the order first.';
  const first = records.map((r) => ({ r, follow: followOf(dealt, r) })).find((x) => x.follow !== undefined);
  const evidence = { pay: brief(dealt.pay), next: first && brief(first.r) };
  if (!first) return check(dealt.case, name, RULES.inquireOnUnknown, 'fail', 'the merchant neither inquired nor repeated the pay: the result stayed unknown', fix, evidence);
  if (first.follow === 'new-id') {
    const newId = bodyOf(first.r).paymentRequestId;
    return check(dealt.case, name, RULES.sameRequestId, 'fail', `a new paymentRequestId (${newId}) for the same order came before any inquiry: the buyer may be charged twice`, fix, evidence);
  }
  return check(dealt.case, name, RULES.inquireOnUnknown, 'pass', first.follow === 'inquiry' ? 'inquiryPayment came first' : 'the pay was repeated with the same paymentRequestId', undefined, evidence);
}

function gradeDeclined(dealt: DealtCase, records: GradedCall[], name: string): CertifyCheck {
  const card = cardOf(bodyOf(dealt.pay));
  const retry = records.find((r) => followOf(dealt, r) === 'new-id' && cardOf(bodyOf(r)) === card);
  const evidence = { pay: brief(dealt.pay), retry: retry && brief(retry) };
  if (retry) {
    return check(dealt.case, name, RULES.declineIsFinal, 'fail', `the declined pay was retried silently with a new paymentRequestId (${bodyOf(retry).paymentRequestId}) and the same card`,
      'On F, stop and show the buyer the decline; only a new attempt the buyer starts (another card, a new submit) may use a new paymentRequestId.', evidence);
  }
  return check(dealt.case, name, RULES.declineIsFinal, 'pass', 'no silent retry with a new paymentRequestId and the same card', undefined, evidence);
}

function gradeChallenge(dealt: DealtCase, records: GradedCall[], name: string, openedAt: string | undefined): CertifyCheck {
  const newId = records.find((r) => followOf(dealt, r) === 'new-id');
  const evidence = { pay: brief(dealt.pay), challengeOpenedAt: openedAt ?? null, newPay: newId && brief(newId) };
  if (openedAt) return check(dealt.case, name, RULES.challenge, 'pass', `the challenge page (normalUrl) was opened at ${openedAt}`, undefined, evidence);
  return check(dealt.case, name, RULES.challenge, 'fail',
    newId ? `the challenge page was never opened; a new paymentRequestId (${bodyOf(newId).paymentRequestId}) was tried instead` : 'the challenge page (normalUrl) was never opened',
    'On PAYMENT_IN_PROCESS with normalUrl (or redirectActionForm), send the buyer\'s browser there, then wait for notifyPayment or inquire.', evidence);
}

function gradeHeld(dealt: DealtCase, records: GradedCall[], name: string, now: number): CertifyCheck {
  const paidAt = dealt.pay.receivedAt;
  const inquiry = records.find((r) => followOf(dealt, r) === 'inquiry');
  const after = inquiry ? inquiry.receivedAt - paidAt : undefined;
  const evidence = { pay: brief(dealt.pay), inquiry: inquiry && brief(inquiry), inquiredAfterMs: after ?? null, deadlineMs: INQUIRY_DEADLINE_MS };
  const fix = `When no notifyPayment arrives within a few seconds of pay, inquire with inquiryPayment (within ${INQUIRY_DEADLINE_MS / 1000} s; Antom suggests every 3 s).`;
  if (after !== undefined && after <= INQUIRY_DEADLINE_MS) return check(dealt.case, name, RULES.inquireWithoutNotification, 'pass', `inquiryPayment came ${after} ms (sandbox time) after pay`, undefined, evidence);
  if (after !== undefined) return check(dealt.case, name, RULES.inquireWithoutNotification, 'fail', `inquiryPayment came only ${after} ms after pay`, fix, evidence);
  if (now - paidAt < INQUIRY_DEADLINE_MS) {
    return check(dealt.case, name, RULES.inquireWithoutNotification, 'not-observed', `no inquiry yet, and the ${INQUIRY_DEADLINE_MS / 1000} s to make one have not run out`, undefined, evidence);
  }
  return check(dealt.case, name, RULES.inquireWithoutNotification, 'fail', 'no notification came and the merchant never inquired', fix, evidence);
}

const NAMES: Record<CheckoutCase['id'], string> = {
  'unknown-exception': 'after U UNKNOWN_EXCEPTION: inquiry (or the same paymentRequestId) before any new paymentRequestId',
  'no-answer': 'after no answer (client timeout): inquiry (or the same paymentRequestId) before any new paymentRequestId',
  declined: 'after F DO_NOT_HONOR: no silent retry with a new paymentRequestId',
  '3ds-challenge': 'after U with a 3DS challenge: the challenge page is opened',
  'notification-held': `with no notification: inquiry within ${INQUIRY_DEADLINE_MS / 1000} s`,
};

export function gradeCheckout(input: GradeInput): CertifyCheck[] {
  const dealt = dealtCases(input.records);
  return CHECKOUT_PLAN.map((c) => {
    const name = NAMES[c.id];
    const got = dealt.get(c.id);
    if (!got) {
      return { id: c.id, name, graded: true, verdict: 'not-observed' as const, detail: `no new paymentRequestId got this case (${c.description}) yet`, rule: ruleOf(c.id), evidence: {} };
    }
    switch (c.id) {
      case 'unknown-exception':
      case 'no-answer': return gradeUnknown(got, input.records, name);
      case 'declined': return gradeDeclined(got, input.records, name);
      case '3ds-challenge': return gradeChallenge(got, input.records, name, got.paymentId ? input.challengeOpenedAt(got.paymentId) : undefined);
      case 'notification-held': return gradeHeld(got, input.records, name, input.now);
    }
  });
}

function ruleOf(id: CheckoutCase['id']) {
  return id === 'declined' ? RULES.declineIsFinal : id === '3ds-challenge' ? RULES.challenge : id === 'notification-held' ? RULES.inquireWithoutNotification : RULES.inquireOnUnknown;
}
