// What a scenario does to a merchant call beyond choosing the operation's outcome: a refusal or a call that
// never reached the gateway stops the operation before anything is stored (stoppedBy), and afterwards the
// answer may leave differently (scenarioEffect): another envelope, a transport fault for the HTTP edge,
// and always the x-sandbox-scenario response headers. Pure; the same for every operation.
import { resultOf } from '../api/result-codes.ts';
import type { OperationResult } from '../operations/context.ts';
import type { LifecycleOutcome, MerchantCallFault, PayOutcome } from '../payment/types.ts';

/** What the HTTP edge does instead of (or before) writing the answer. */
export interface TransportFault {
  /** Wall-clock milliseconds to wait first. */
  latencyMs?: number;
  /** http-error: a bare HTTP error page; drop: close the connection; hang: never answer. */
  action?: 'http-error' | 'drop' | 'hang';
  httpStatus?: number;
}

export interface CallEffect {
  answer: object;
  headers: Record<string, string>;
  fault?: TransportFault;
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

/**
 * The result of a call the decided outcome stops before anything is stored: refused like a request check
 * (rejectRequest), or never processed at all (a fault with processed: false). Undefined when it goes on.
 */
export function stoppedBy(outcome: PayOutcome | LifecycleOutcome): OperationResult | undefined {
  const { scenario, fault } = outcome;
  // With no envelope of its own (a 503, a drop), the log still gets Antom's closest meaning.
  if (fault?.processed === false) return { answer: { result: resultOf('UNKNOWN_EXCEPTION', 'The request was not processed.') }, scenario, fault };
  if (outcome.status === 'F' && outcome.rejectRequest) {
    return { answer: { result: resultOf(outcome.code, outcome.message) }, scenario, fault, unsigned: outcome.code === 'INVALID_SIGNATURE' };
  }
  return undefined;
}

/** How an operation's result leaves: a fault's envelope in place of the answer, the fault, the scenario headers. */
export function scenarioEffect(result: OperationResult): CallEffect {
  const headers: Record<string, string> = {};
  if (result.scenario) {
    headers['x-sandbox-scenario'] = headerText(result.scenario.name);
    headers['x-sandbox-scenario-reason'] = headerText(result.scenario.reason);
  }
  return {
    answer: faultEnvelope(result.fault) ?? result.answer,
    headers,
    fault: transportFaultOf(result.fault),
    unsigned: result.unsigned,
  };
}
