// The lifecycle table against the pure state machine: every (state, operation) pair, each answered with
// the expected code and leaving the expected state. Timers are run by a tiny driver that applies each
// scheduled event at its time, as the runtime's durable timers would.
import { describe, expect, it } from 'vitest';
import type { PayRequest } from '../../schemas/pay.ts';
import { lifecycleStateOf } from '../../server/payment/lifecycle.ts';
import { openPayment } from '../../server/payment/open-payment.ts';
import { answerOf, applyPaymentEvent } from '../../server/payment/payment-machine.ts';
import type { Refusal } from '../../server/api/refusal.ts';
import { ScenarioEngine } from '../../server/scenario/scenario-engine.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { OPS, ROWS, type Op, type Step } from './state-table.ts';
import type { PayOutcome, PaymentEvent, PaymentRecord, Transition } from '../../server/payment/types.ts';

const T0 = Date.parse('2026-11-25T12:00:00Z');
const EUR = (value: string) => ({ currency: 'EUR', value });
let ids = 0;
/** The built-in catalogue decides captures and refunds, as in the sandbox (amount 7003: in process). */
const engine = await ScenarioEngine.load();
const nextId = () => `2026112519401080010000${String(++ids).padStart(13, '0')}`;

class PureDriver {
  now = T0;
  payment!: PaymentRecord;
  private timers: { at: number; seq: number; event: PaymentEvent }[] = [];
  private seq = 0;

  private absorb(transition: Transition | Refusal): Transition | Refusal {
    if ('refused' in transition) return transition;
    this.payment = transition.payment;
    for (const effect of transition.effects) {
      if (effect.type === 'schedule') this.timers.push({ at: effect.at, seq: this.seq++, event: effect.event });
    }
    return transition;
  }

  apply(event: PaymentEvent): Transition | Refusal {
    return this.absorb(applyPaymentEvent(this.payment, event, this.now));
  }

  /** Runs a step; answers the operation's result code ('' for a clock step). Refusals change nothing. */
  run(step: Step | { settle: true }): string {
    if ('pay' in step) {
      const request = (step.pay === 'hosted' ? hostedPay() : cardPay(step.pay === 'automatic' ? { paymentFactor: {} } : {})) as unknown as PayRequest;
      const outcome: PayOutcome = step.pay === 'hosted'
        ? { status: 'U', pendingStep: 'hosted-page', scenario: { name: 'hosted-page', reason: 'test' } }
        : { status: 'S', scenario: { name: 'default-success', reason: 'test' } };
      this.absorb(openPayment({ paymentId: nextId(), clientId: 'ME', mode: step.pay === 'hosted' ? 'hosted' : 'card', fingerprint: 'f', request, networkTransactionId: '1', now: this.now }, outcome));
      return 'SUCCESS';
    }
    if ('advance' in step) {
      const target = this.now + step.advance;
      for (;;) {
        this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const due = this.timers[0];
        if (!due || due.at > target) break;
        this.timers.shift();
        this.now = Math.max(this.now, due.at);
        this.apply(due.event);
      }
      this.now = target;
      return '';
    }
    if ('settle' in step) {
      const settled = this.apply({ type: 'settle', settlement: { status: 'S' } });
      return 'refused' in settled ? settled.refused.resultCode : 'SUCCESS';
    }
    if ('cancel' in step) return resultCode(this.apply({ type: 'cancel', cancelId: nextId() }));
    const common = { clientId: 'ME', payment: this.payment, now: this.now };
    if ('capture' in step) {
      const captureAmount = EUR(step.capture);
      const request = { captureRequestId: `C${ids}`, paymentId: this.payment.paymentId, captureAmount };
      const outcome = engine.decideCapture({ ...common, request, captureAmount, isLastCapture: step.last ?? false });
      if ('refused' in outcome) return outcome.refused.resultCode;
      return resultCode(this.apply({ type: 'capture', capture: { captureId: nextId(), captureRequestId: `C${ids}`, captureAmount, isLastCapture: step.last ?? false, acquirerReferenceNo: '1', outcome } }));
    }
    const refundAmount = EUR(step.refund);
    const outcome = engine.decideRefund({ ...common, request: { refundRequestId: `R${ids}`, paymentId: this.payment.paymentId, refundAmount }, refundAmount });
    if ('refused' in outcome) return outcome.refused.resultCode;
    return resultCode(this.apply({ type: 'refund', refund: { refundId: nextId(), refundRequestId: `R${ids}`, refundAmount, outcome } }));
  }

  get state() { return lifecycleStateOf(this.payment, this.now); }
}

/** The answer's result code, or the refusal's: a refused step changes nothing. */
const resultCode = (transition: Transition | Refusal) =>
  'refused' in transition ? transition.refused.resultCode : (answerOf(transition) as { result: { resultCode: string } }).result.resultCode;

function build(steps: Step[]): PureDriver {
  const driver = new PureDriver();
  for (const step of steps) {
    const code = driver.run(step);
    // Building a state must succeed at every step (7003 answers in process).
    expect(['SUCCESS', 'CAPTURE_IN_PROCESS', 'REFUND_IN_PROCESS', '']).toContain(code);
  }
  return driver;
}

describe('the lifecycle table, on the pure state machine', () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      it(`is the state ${row.state}`, () => {
        expect(build(row.build).state).toBe(row.state);
      });
      for (const [op, [code, state]] of Object.entries(row.cells) as [Op, [string, string]][]) {
        it(`${OPS[op].label}: ${code || 'no answer'} -> ${state}`, () => {
          const driver = build(row.build);
          const before = driver.payment;
          const answered = driver.run(OPS[op].step);
          expect(answered).toBe(code);
          expect(driver.state).toBe(state);
          // A refusal leaves the payment exactly as it was.
          if (code !== '' && code !== 'SUCCESS') expect(driver.payment).toBe(before);
        });
      }
    });
  }

  it('covers every state the lifecycle names', () => {
    const named = new Set(ROWS.map((r) => r.state));
    for (const state of ['PROCESSING', 'FAILED', 'CANCELLED', 'AUTHORIZED', 'AUTH_EXPIRED', 'CAPTURE_PROCESSING', 'PARTIALLY_CAPTURED', 'CAPTURED', 'REFUND_PROCESSING', 'PARTIALLY_REFUNDED', 'REFUNDED']) {
      expect(named).toContain(state);
    }
  });
});
