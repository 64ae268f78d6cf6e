// What every operation receives and returns: plain values and services, never Express objects.
import type { ResultCode } from '../api/result-codes.ts';
import { refuse, type Refusal } from '../api/refusal.ts';
import type { Clock } from '../clock/clock.ts';
import type { Schedule } from '../clock/schedule.ts';
import type { PaymentRuntime } from '../payment/payment-runtime.ts';
import type { MerchantCallFault, ScenarioChoice } from '../payment/types.ts';
import type { DecideCaptureOutcome, DecideRefundOutcome } from '../scenario/decide-lifecycle-outcome.ts';
import type { DecidePayOutcome } from '../scenario/decide-pay-outcome.ts';
import type { KnowsCard } from '../vault/save-card.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';

export interface OperationContext {
  store: SandboxStore;
  clock: Clock;
  payments: PaymentRuntime;
  /** The one schedule of later work: an operation's entries join its call's commit. */
  schedule: Schedule;
  decidePay: DecidePayOutcome;
  /** What a capture / refund the rules accepted ends in (default S; the scenario engine may replace them). */
  decideCapture: DecideCaptureOutcome;
  decideRefund: DecideRefundOutcome;
  /** Whether the scenario files name a card (by fingerprint): only such a card's fingerprint is stored. */
  knowsCard: KnowsCard;
  /** The merchant making the call (Client-Id header). */
  clientId: string;
  /** The sandbox's own address as the caller reached it, for normalUrl. */
  baseUrl: string;
  /** The x-sandbox-scenario request header, trimmed: a scenario asked for by name, for every operation alike. */
  requestedScenario?: string;
}

/**
 * What an operation hands back to the pipeline: Antom's answer, and beside it (Antom's body has no place
 * for them) the scenario that chose it and the scenario's fault on the call, for the x-sandbox-scenario
 * response headers and the HTTP edge.
 */
export interface OperationResult {
  answer: object;
  scenario?: ScenarioChoice;
  fault?: MerchantCallFault;
  /** Antom answers INVALID_SIGNATURE unsigned; so does a scenario that simulates it. */
  unsigned?: boolean;
}

/**
 * Answers one call with its schema-checked request. An operation records its changes in the store but
 * never commits: the pipeline commits once per call while it signs the answer, and sends nothing before
 * the change is on disk.
 */
export type Operation<Request> = (request: Request, context: OperationContext) => Promise<OperationResult>;

/** A rule's refusal as the operation's result, in Antom's envelope: nothing was changed. */
export const refusedWith = ({ refused }: Refusal): OperationResult => ({ answer: { result: refused } });

/** A refusal in Antom's envelope: nothing was changed. */
export const refusal = (code: ResultCode, message?: string): OperationResult => refusedWith(refuse(code, message));
