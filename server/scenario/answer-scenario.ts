// Which scenario chose an operation's answer, kept beside the answer rather than in it (Antom's body has no
// place for it), so that the merchant pipeline can send the x-sandbox-scenario response headers and carry
// out a fault on the call. Pay's decision is watched directly (call-scenario.ts); captures and refunds mark
// their answers here, and stop with ScenarioStop when a scenario keeps nothing.
import type { ResultCode } from '../api/result-codes.ts';
import type { LifecycleOutcome, MerchantCallFault, ScenarioChoice } from '../payment/types.ts';

export interface AnswerMark { scenario: ScenarioChoice; fault?: MerchantCallFault }

// Weak: an answer is marked only until it has been written out.
const marks = new WeakMap<object, AnswerMark>();

export function markAnswer<T extends object>(answer: T, mark: AnswerMark | undefined): T {
  if (mark) marks.set(answer, mark);
  return answer;
}

export function markOf(answer: object): AnswerMark | undefined {
  return marks.get(answer);
}

/**
 * A capture or refund that a scenario stops before anything is stored: refused like a broken rule
 * (refusal), or never processed at all (a fault with processed: false). The pipeline builds its answer.
 */
export class ScenarioStop extends Error {
  constructor(readonly mark: AnswerMark, readonly refusal?: { code: ResultCode; message?: string }) {
    super(`scenario ${mark.scenario.name}: ${refusal ? `refused with ${refusal.code}` : 'the request never reached the gateway'}`);
  }
}

/** Throws ScenarioStop when the outcome keeps nothing; returns the mark for the answer otherwise. */
export function stopUnlessKept(outcome: LifecycleOutcome): AnswerMark {
  const mark: AnswerMark = { scenario: outcome.scenario, ...(outcome.fault ? { fault: outcome.fault } : {}) };
  if (outcome.fault?.processed === false) throw new ScenarioStop(mark);
  if (outcome.status === 'F' && outcome.rejectRequest) throw new ScenarioStop(mark, { code: outcome.code, message: outcome.message });
  return mark;
}
