// The scenario engine's decision for a capture or a refund that the core's rules accepted, as a pure
// function of the request, its payment, the catalogue and a read-only view of the engine's state. The same
// precedence as pay's, first match wins:
//   1. the x-sandbox-scenario request header;
//   2. a pin from the control plane (the merchant's own pin, then a pin for every merchant);
//   3. rules in the user's scenario files;
//   4. the built-in catalogue (the capture and refund amount triggers);
//   5. the default: success.
// A scenario decides only what it has an outcome for (its `capture:` or `refund:`, within its appliesTo): a
// header or pin naming another is passed over, with a note in the reason, and the next layer decides.
import type { Amount } from '../../schemas/common.ts';
import type { AppliesTo, LifecycleOperation, LifecycleOutcomeSpec } from '../../schemas/scenario-file.ts';
import type { CaptureDecisionInput, RefundDecisionInput } from './decide-lifecycle-outcome.ts';
import { totalsOf } from '../payment/lifecycle.ts';
import type { ResultCode } from '../api/result-codes.ts';
import type { Refusal } from '../api/refusal.ts';
import type { Catalogue, CompiledScenario } from './catalogue-types.ts';
import { LIFECYCLE_REFUSAL } from './lifecycle-codes.ts';
import { lifecycleFactsOf, SOURCE_OF_KIND, type CompiledRule } from './match-rules.ts';
import { DEFAULT_SCENARIO, describePin, unknownScenario, type EngineView, type Pin } from './pick-outcome.ts';
import { randomFor } from './prng.ts';
import { faultOf } from './resolve-outcome.ts';
import type { LifecycleOutcome, LifecycleSettlement, PaymentRecord, ScenarioChoice, ScenarioSource } from '../payment/types.ts';

export interface LifecycleDecision { outcome: LifecycleOutcome; pinUsed?: Pin }

/** Which captures (refunds) this one is, for a scenario's appliesTo. */
interface Case { first: boolean; partial: boolean }

const APPLIES_TEXT: Record<LifecycleOperation, Record<Exclude<AppliesTo, 'all'>, string>> = {
  capture: {
    first: 'the first capture', later: 'a capture after one that succeeded or is in process',
    partial: 'a capture of less than what is left to capture', full: 'a capture of all that is left to capture',
  },
  refund: {
    first: 'the first refund', later: 'a refund after one that succeeded or is in process',
    partial: 'a refund of less than what is left to refund', full: 'a refund of all that is left to refund',
  },
};

/** "a capture after one that succeeded or is in process", for reasons and descriptions. */
export const appliesText = (op: LifecycleOperation, appliesTo: Exclude<AppliesTo, 'all'>) => APPLIES_TEXT[op][appliesTo];

function caseOf(op: LifecycleOperation, payment: Readonly<PaymentRecord>, amount: Amount): Case {
  const t = totalsOf(payment as PaymentRecord);
  const value = BigInt(amount.value);
  if (op === 'capture') {
    const earlier = (payment.captures ?? []).some((c) => !c.automatic && c.status !== 'FAIL');
    return { first: !earlier, partial: value < t.authorized - t.captured - t.capturing };
  }
  const earlier = (payment.refunds ?? []).some((r) => r.status !== 'FAIL');
  return { first: !earlier, partial: value < t.captured - t.refunded - t.refunding };
}

function applies(appliesTo: AppliesTo, c: Case): boolean {
  switch (appliesTo) {
    case 'all': return true;
    case 'first': return c.first;
    case 'later': return !c.first;
    case 'partial': return c.partial;
    case 'full': return !c.partial;
  }
}

/** Why a scenario does not decide this capture or refund, or undefined when it does. */
function passedOver(scenario: CompiledScenario, op: LifecycleOperation, c: Case): string | undefined {
  const spec = scenario.spec[op];
  if (!spec) return `it has no ${op} outcome`;
  const appliesTo = spec.appliesTo ?? 'all';
  return appliesTo === 'all' || applies(appliesTo, c) ? undefined : `it is only for ${appliesText(op, appliesTo)}`;
}

function settlementOf(final: NonNullable<LifecycleOutcomeSpec['then']>): LifecycleSettlement {
  return final.status === 'S' ? { status: 'S' } : { status: 'F', code: final.code as ResultCode, ...(final.message ? { message: final.message } : {}) };
}

/** From a scenario's capture or refund outcome (data) to the outcome the operation carries out. */
export function resolveLifecycleOutcome(spec: LifecycleOutcomeSpec, op: LifecycleOperation, scenario: ScenarioChoice): LifecycleOutcome {
  const fault = faultOf(spec.fault);
  const base = { scenario, ...(fault ? { fault } : {}) };
  if (spec.status === 'S') return { ...base, status: 'S' };
  if (spec.status === 'F') {
    const code = spec.code as ResultCode;
    // The contract's refusals (MULTI_CAPTURE_NOT_SUPPORTED...) keep nothing unless the scenario says otherwise.
    const rejectRequest = spec.rejectRequest ?? code === LIFECYCLE_REFUSAL[op];
    return { ...base, status: 'F', code, ...(spec.message ? { message: spec.message } : {}), ...(rejectRequest ? { rejectRequest } : {}) };
  }
  return {
    ...base, status: 'U',
    ...(spec.settleAfterMs !== undefined ? { settleAfterMs: spec.settleAfterMs, settlement: settlementOf(spec.then ?? { status: 'S' }) } : {}),
  };
}

interface Pick { scenario: CompiledScenario; source: ScenarioSource; reason: string }

export function pickLifecycleOutcome(op: LifecycleOperation, input: CaptureDecisionInput | RefundDecisionInput, catalogue: Catalogue, view: EngineView): LifecycleDecision | Refusal {
  const [amount, requestId] = 'captureAmount' in input ? [input.captureAmount, input.request.captureRequestId] : [input.refundAmount, input.request.refundRequestId];
  const c = caseOf(op, input.payment, amount);
  const notes: string[] = [];
  let pick: Pick | undefined;
  let pinUsed: Pin | undefined;

  const requested = input.requestedScenario?.trim() || undefined;
  if (requested !== undefined) {
    const scenario = catalogue.scenarios.get(requested);
    if (!scenario) return unknownScenario(catalogue, requested);
    const why = passedOver(scenario, op, c);
    if (why) notes.push(`x-sandbox-scenario ${requested} passed over: ${why}`);
    else pick = { scenario, source: 'header', reason: 'asked for by the x-sandbox-scenario request header' };
  }
  if (!pick) {
    const pin = view.pinFor(input.clientId, input.now, op);
    const scenario = pin && catalogue.scenarios.get(pin.scenario);
    if (pin && scenario) {
      const why = passedOver(scenario, op, c);
      if (why) notes.push(`pinned ${pin.scenario} passed over: ${why}`);
      else [pick, pinUsed] = [{ scenario, source: 'pin', reason: describePin(pin) }, pin];
    }
  }
  if (!pick) {
    const facts = lifecycleFactsOf(input.clientId, input.payment, amount);
    // A rule's probability is drawn per request, as pay's is, but apart from pay's draws.
    const accept = (rule: CompiledRule) => passedOver(catalogue.scenarios.get(rule.scenario)!, op, c) === undefined
      && (rule.probability === undefined || randomFor(view.seed, input.clientId, op, requestId, `rule ${rule.order}`)() < rule.probability);
    const layers = catalogue.lifecycleRules[op];
    const rule = layers.user.firstMatch(facts, accept) ?? layers.builtIn.firstMatch(facts, accept);
    if (rule) pick = { scenario: catalogue.scenarios.get(rule.scenario)!, source: SOURCE_OF_KIND[rule.kind], reason: `${rule.label} (${rule.origin})` };
  }

  const fallback = catalogue.scenarios.get(DEFAULT_SCENARIO);
  const spec = pick ? pick.scenario.spec[op]! : fallback?.spec[op] ?? { status: 'S' as const };
  const choice: ScenarioChoice = pick
    ? { name: pick.scenario.name, source: pick.source, reason: pick.reason }
    : { name: DEFAULT_SCENARIO, source: 'default', reason: `no header, pin or rule chooses for this ${op}: the default is success` };
  if (notes.length) choice.reason = `${choice.reason}; ${notes.join('; ')}`;
  return { outcome: resolveLifecycleOutcome(spec, op, choice), pinUsed };
}
