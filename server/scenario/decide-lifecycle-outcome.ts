// What the "acquirer" answers to a capture or a refund that the rules accepted: a pure function of the
// request, the payment and the clock, with the same shape as DecidePayOutcome. The default here answers S;
// the scenario engine (server/scenario/, with its amount triggers as data) replaces SandboxCore.decideCapture
// and decideRefund with its own.
import type { Amount } from '../../schemas/common.ts';
import type { CaptureRequest } from '../../schemas/capture.ts';
import type { RefundRequest } from '../../schemas/refund.ts';
import type { LifecycleOutcome, PaymentRecord } from '../payment/types.ts';
import type { Refusal } from '../api/refusal.ts';

interface DecisionBase {
  clientId: string;
  payment: Readonly<PaymentRecord>;
  /** The x-sandbox-scenario request header: a scenario asked for by name, ahead of every other choice. */
  requestedScenario?: string;
  now: number;
}
export interface CaptureDecisionInput extends DecisionBase { request: CaptureRequest; captureAmount: Amount; isLastCapture: boolean }
export interface RefundDecisionInput extends DecisionBase { request: RefundRequest; refundAmount: Amount }

/** The outcome, or a refusal of the call itself (a header naming no scenario). */
export type DecideCaptureOutcome = (input: CaptureDecisionInput) => LifecycleOutcome | Refusal;
export type DecideRefundOutcome = (input: RefundDecisionInput) => LifecycleOutcome | Refusal;

/** The sandbox without a scenario engine: every capture and refund the rules accept succeeds. */
export const decideCaptureByDefault: DecideCaptureOutcome = () => ({ status: 'S', scenario: { name: 'default-success', reason: 'no scenario: a capture the rules accept succeeds' } });
export const decideRefundByDefault: DecideRefundOutcome = () => ({ status: 'S', scenario: { name: 'default-success', reason: 'no scenario: a refund the rules accept succeeds' } });
