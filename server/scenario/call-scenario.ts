// The scenario engine's part in one merchant call, free of Express: it binds the x-sandbox-scenario header
// into the decision, notes the outcome decided, stops the operation before anything is stored when the
// outcome says the request never got that far, and afterwards says how the answer must change (another
// envelope, a transport fault for the HTTP edge, the x-sandbox-scenario response headers). A capture or
// refund reads the header itself and marks its answer (answer-scenario.ts); the same rules apply.
import { markOf, ScenarioStop, type AnswerMark } from './answer-scenario.ts';
import type { DecidePayOutcome } from './decide-pay-outcome.ts';
import { resultOf, SandboxError } from '../api/result-codes.ts';
import type { MerchantCallFault, PayOutcome, PaymentRecord } from '../payment/types.ts';

/** What the HTTP edge does instead of (or before) writing the answer. */
export interface TransportFault {
  /** Wall-clock milliseconds to wait first. */
  latencyMs?: number;
  /** http-error: a bare HTTP error page; drop: close the connection; hang: never answer. */
  action?: 'http-error' | 'drop' | 'hang';
  httpStatus?: number;
}

/** Thrown through the operation when a fault says the request was never processed: nothing is stored. */
class NotProcessed extends Error {
  constructor(readonly outcome: PayOutcome) {
    super(`scenario ${outcome.scenario.name}: the request never reached the gateway`);
  }
}

export interface CallEffect {
  answer: object;
  headers: Record<string, string>;
  fault?: TransportFault;
  /** Antom answers INVALID_SIGNATURE unsigned; so does a scenario that simulates it. */
  unsigned?: boolean;
}

const HTTP_STATUS: Partial<Record<NonNullable<MerchantCallFault['answer']>, number>> = { 'http-500': 500, 'http-502': 502, 'http-503': 503 };

/** Header values must be printable ASCII; reasons may quote user file names. */
const headerText = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);

function transportFaultOf(fault: MerchantCallFault | undefined): TransportFault | undefined {
  if (!fault) return undefined;
  const status = fault.answer && HTTP_STATUS[fault.answer];
  const action = status ? 'http-error' : fault.answer === 'drop' ? 'drop' : fault.answer === 'hang' ? 'hang' : undefined;
  if (!action && !fault.latencyMs) return undefined;
  return { ...(fault.latencyMs ? { latencyMs: fault.latencyMs } : {}), ...(action ? { action } : {}), ...(status ? { httpStatus: status } : {}) };
}

/** The envelope a fault puts in place of the real answer, if it changes the envelope at all. */
function faultEnvelope(fault: MerchantCallFault | undefined): object | undefined {
  if (fault?.answer === 'unknown-exception') return { result: resultOf('UNKNOWN_EXCEPTION') };
  if (fault?.answer === 'traffic-limit') return { result: resultOf('REQUEST_TRAFFIC_EXCEED_LIMIT') };
  return undefined;
}

export function watchScenario(decide: DecidePayOutcome, requestedScenario: string | undefined) {
  let decided: PayOutcome | undefined;
  /** A capture's or refund's scenario that stopped the operation before it stored anything. */
  let stopped: AnswerMark | undefined;
  const requested = requestedScenario?.trim() || undefined;
  return {
    decidePay: ((input) => {
      const outcome = decide(requested === undefined ? input : { ...input, requestedScenario: requested });
      decided = outcome;
      if (outcome.fault && outcome.fault.processed === false) throw new NotProcessed(outcome);
      if (outcome.status === 'F' && outcome.rejectRequest) throw new SandboxError(outcome.code, outcome.message);
      return outcome;
    }) satisfies DecidePayOutcome,

    /** The answer for an error thrown by the operation, when the scenario threw it; undefined otherwise. */
    answerFor(error: unknown): object | undefined {
      if (error instanceof ScenarioStop) {
        stopped = error.mark;
        if (error.refusal) return { result: resultOf(error.refusal.code, error.refusal.message) };
        return faultEnvelope(error.mark.fault) ?? { result: resultOf('UNKNOWN_EXCEPTION', 'The request was not processed.') };
      }
      if (!(error instanceof NotProcessed)) return undefined;
      // With no envelope of its own (a 503, a drop), the log still gets Antom's closest meaning.
      return faultEnvelope(error.outcome.fault) ?? { result: resultOf('UNKNOWN_EXCEPTION', 'The request was not processed.') };
    },

    /** How the answer leaves: for a pay, the scenario that chose it (stored on the payment for a repeat). */
    finish(answer: object, payment?: (paymentId: string) => PaymentRecord | undefined): CallEffect {
      const headers: Record<string, string> = {};
      const paymentId = (answer as { paymentId?: unknown }).paymentId;
      const marked = stopped ?? markOf(answer);
      const scenario = decided?.scenario ?? marked?.scenario ?? (payment && typeof paymentId === 'string' ? payment(paymentId)?.scenario : undefined);
      if (scenario) {
        headers['x-sandbox-scenario'] = headerText(scenario.name);
        headers['x-sandbox-scenario-reason'] = headerText(scenario.reason);
      }
      const fault = decided ? decided.fault : marked?.fault;
      if (!decided && !fault) return { answer, headers };
      // A fault on a processed request replaces the real answer; an unprocessed one already built its own.
      const envelope = fault?.processed !== false ? faultEnvelope(fault) : undefined;
      const result = (answer as { result?: { resultCode?: string } }).result;
      return {
        answer: envelope ?? answer,
        headers,
        fault: transportFaultOf(fault),
        unsigned: result?.resultCode === 'INVALID_SIGNATURE' && decided?.status === 'F' && decided.rejectRequest === true,
      };
    },
  };
}
