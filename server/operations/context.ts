// What every operation receives: plain values and services, never Express objects.
import type { Clock } from '../core/clock.ts';
import type { DecideCaptureOutcome, DecideRefundOutcome } from '../core/decide-lifecycle-outcome.ts';
import type { DecidePayOutcome } from '../core/decide-pay-outcome.ts';
import type { KnowsCard } from '../core/save-card.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { PaymentRuntime } from '../runtime/payment-runtime.ts';

export interface OperationContext {
  store: SandboxStore;
  clock: Clock;
  payments: PaymentRuntime;
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
  /** Header overrides such as x-sandbox-scenario, lower-cased. */
  headers: Record<string, string | undefined>;
}

/**
 * Answers one call. An operation changes the store but does not commit: the pipeline commits while it
 * signs the answer, and sends nothing before the change is on disk.
 */
export type Operation = (body: unknown, context: OperationContext) => Promise<object>;
