// What the "acquirer" answers to a capture or a refund that the rules accepted: a pure function of the
// request, the payment and the clock, with the same shape as DecidePayOutcome. The sandbox's default
// answers S, except for a few documented amounts (README, "Capture and refund outcomes") that stand in
// for a scenario. The scenario engine replaces SandboxCore.decideCapture / decideRefund with its own.
import type { Amount } from '../../schemas/common.ts';
import type { CaptureRequest } from '../../schemas/capture.ts';
import type { RefundRequest } from '../../schemas/refund.ts';
import type { PaymentRecord, ScenarioChoice } from './payment.ts';
import type { ResultCode } from './result-codes.ts';

/** The final answer for a capture or refund that was in process. */
export type LifecycleSettlement =
  | { status: 'S' }
  | { status: 'F'; code: ResultCode; message?: string };

export type LifecycleOutcomeBody =
  | { status: 'S' }
  | { status: 'F'; code: ResultCode; message?: string }
  /**
   * CAPTURE_IN_PROCESS / REFUND_IN_PROCESS. With settleAfterMs and a settlement, it settles on the
   * sandbox clock; without, it stays in process until settled from the control plane.
   */
  | { status: 'U'; settleAfterMs?: number; settlement?: LifecycleSettlement };

export type LifecycleOutcome = { scenario: ScenarioChoice } & LifecycleOutcomeBody;

interface DecisionBase {
  clientId: string;
  payment: Readonly<PaymentRecord>;
  /** Lower-cased request headers, for per-request overrides such as x-sandbox-scenario. */
  headers: Readonly<Record<string, string | undefined>>;
  now: number;
}
export interface CaptureDecisionInput extends DecisionBase { request: CaptureRequest; captureAmount: Amount; isLastCapture: boolean }
export interface RefundDecisionInput extends DecisionBase { request: RefundRequest; refundAmount: Amount }

export type DecideCaptureOutcome = (input: CaptureDecisionInput) => LifecycleOutcome;
export type DecideRefundOutcome = (input: RefundDecisionInput) => LifecycleOutcome;

/** How long an in-process capture or refund takes to settle when an amount trigger asks for one. */
export const TRIGGER_SETTLE_AFTER_MS = 2 * 60_000;

/**
 * Amount triggers: the capture's or refund's amount value (minor units, any currency) picks its outcome.
 * Data, in the spirit of the real sandbox's "paymentAmount 11 gives a risk rejection".
 */
export const LIFECYCLE_AMOUNT_TRIGGERS: Readonly<Record<string, { name: string; reason: string; outcome: LifecycleOutcomeBody }>> = {
  '7001': { name: 'in-process-then-success', reason: 'amount 7001: in process, succeeds 2 minutes later', outcome: { status: 'U', settleAfterMs: TRIGGER_SETTLE_AFTER_MS, settlement: { status: 'S' } } },
  '7002': { name: 'in-process-then-fail', reason: 'amount 7002: in process, fails 2 minutes later', outcome: { status: 'U', settleAfterMs: TRIGGER_SETTLE_AFTER_MS, settlement: { status: 'F', code: 'PROCESS_FAIL' } } },
  '7003': { name: 'in-process-until-settled', reason: 'amount 7003: in process until settled from the control plane', outcome: { status: 'U' } },
  '7004': { name: 'declined', reason: 'amount 7004: declined at once', outcome: { status: 'F', code: 'PROCESS_FAIL' } },
};

function byAmount(amount: Amount, what: string): LifecycleOutcome {
  const trigger = LIFECYCLE_AMOUNT_TRIGGERS[amount.value];
  if (trigger) return { ...trigger.outcome, scenario: { name: trigger.name, reason: trigger.reason } };
  return { status: 'S', scenario: { name: 'default-success', reason: `no scenario: a ${what} the rules accept succeeds` } };
}

export const decideCaptureByDefault: DecideCaptureOutcome = ({ captureAmount }) => byAmount(captureAmount, 'capture');
export const decideRefundByDefault: DecideRefundOutcome = ({ refundAmount }) => byAmount(refundAmount, 'refund');
