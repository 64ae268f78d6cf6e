// The scenario engine's decision, as a pure function of the pay, the catalogue and a read-only view of the
// engine's state (pins, sequence counters, seed). First match wins:
//   1. the x-sandbox-scenario request header;
//   2. a pin from the control plane (the merchant's own pin, then a pin for every merchant);
//   3. rules in the user's scenario files;
//   4. the built-in catalogues: Antom's invalid-data triggers, test cards, amount triggers, postal codes;
//   5. the default: success for a valid card (through a 3DS challenge when the merchant asks for 3DS).
// It returns what to change (a pin used, a sequence advanced) instead of changing it.
import type { OutcomeSpec, ScenarioOperation, ScenarioSpec } from '../../schemas/scenario-file.ts';
import type { PayDecisionInput } from './decide-pay-outcome.ts';
import { refuse, type Refusal } from '../api/refusal.ts';
import type { CardProfile, Catalogue, CompiledScenario } from './catalogue-types.ts';
import { factsOf, SOURCE_OF_KIND, type CompiledRule, type RequestFacts } from './match-rules.ts';
import { randomFor, type Random } from './prng.ts';
import { faultOf, resolveOutcome } from './resolve-outcome.ts';
import type { PayOutcome, ScenarioChoice, ScenarioSource } from '../payment/types.ts';

export interface Pin {
  id: string;
  scenario: string;
  /** What it decides: the operations its scenario has an outcome for. */
  operations: ScenarioOperation[];
  /** Only this merchant's pays; every merchant's when absent. */
  clientId?: string;
  /** Uses left; unlimited when absent. */
  remaining?: number;
  /** Sandbox-clock time after which the pin no longer applies; none when absent. */
  expiresAt?: number;
  createdAt: number;
}

export interface EngineView {
  seed: number;
  /** The pin that applies to this merchant's operation now, if any. */
  pinFor(clientId: string, now: number, operation: ScenarioOperation): Pin | undefined;
  /** How many steps of a sequence this key has taken. */
  attempts(key: string): number;
  /** A scenario a header or pin chose for a hosted pay, waiting for the card entered on the page. */
  deferred(key: string): Deferred | undefined;
}

/** A hosted pay's header or pin choice, kept by client id and paymentRequestId until the card arrives. */
export interface Deferred { scenario: string; source: ScenarioSource; reason: string }

export interface Decision {
  outcome: PayOutcome;
  pinUsed?: Pin;
  /** The sequence key whose counter moves on. */
  advance?: string;
  /** A hosted pay's choice to keep for its card (set), or one now applied (used). */
  defer?: { key: string; set?: Deferred; used?: true };
}

export const DEFAULT_SCENARIO = 'success';
export const HOSTED_SCENARIO = 'hosted-page';

interface Pick { scenario: CompiledScenario; source: ScenarioSource; reason: string }

export function describePin(pin: Pin): string {
  const limits = [
    pin.remaining !== undefined ? `${pin.remaining} use${pin.remaining === 1 ? '' : 's'} left before this one` : undefined,
    pin.expiresAt !== undefined ? `until ${new Date(pin.expiresAt).toISOString()} (sandbox time)` : undefined,
  ].filter(Boolean);
  return `pinned from the control plane${pin.clientId ? ` for ${pin.clientId}` : ''}${limits.length ? `, ${limits.join(', ')}` : ', until unpinned'}`;
}

/** The header names a scenario the catalogue lacks: the call is refused as a bad parameter, nothing kept. */
export function unknownScenario(catalogue: Catalogue, name: string): Refusal {
  return refuse('PARAM_ILLEGAL', `x-sandbox-scenario names no scenario: "${name}"; known: ${[...catalogue.scenarios.keys()].join(', ')}`);
}

/** The step a scenario takes for this pay: its outcome, a weighted pick, or the next step of its sequence. */
function stepOf(spec: ScenarioSpec, facts: RequestFacts, view: EngineView, random: () => Random): { step: OutcomeSpec; note?: string; key?: string } {
  if (spec.outcome) return { step: spec.outcome };
  if (spec.choose) {
    const total = spec.choose.reduce((sum, option) => sum + option.weight, 0);
    let draw = random()() * total;
    for (const [i, option] of spec.choose.entries()) {
      draw -= option.weight;
      if (draw < 0 || i === spec.choose.length - 1) return { step: option.outcome, note: `random pick ${i + 1} of ${spec.choose.length}` };
    }
  }
  const sequence = spec.sequence!;
  const by = sequence.by === 'card' ? facts.fingerprint && `card:${facts.fingerprint}`
    : sequence.by === 'buyer' ? facts.buyerId && `buyer:${facts.buyerId}`
    : (facts.fingerprint && `card:${facts.fingerprint}`) ?? (facts.buyerId && `buyer:${facts.buyerId}`);
  if (!by) return { step: sequence.steps[0]!, note: `attempt 1 (no ${sequence.by === 'buyer' ? 'referenceBuyerId' : 'card'} to count attempts by)` };
  const key = `${spec.name}\u0000${by}`;
  const done = view.attempts(key);
  const count = sequence.steps.length;
  const index = sequence.afterLast === 'cycle' ? done % count : Math.min(done, count - 1);
  return { step: sequence.steps[index]!, note: `attempt ${done + 1} by this ${by.startsWith('card:') ? 'card' : 'buyer'}, step ${index + 1} of ${count}`, key };
}

/** A test card's profile, and whether the brand chosen for a dual-branded card is one the merchant can use. */
function profileFor(catalogue: Catalogue, facts: RequestFacts, input: PayDecisionInput): { profile?: CardProfile; brandRefused?: string } {
  const profile = facts.fingerprint ? catalogue.profiles.get(facts.fingerprint) : undefined;
  if (!profile?.brands) return { profile };
  const meta = input.request.paymentMethod.paymentMethodMetaData;
  const chosen = (meta?.selectedCardBrand ?? meta?.network)?.trim().toUpperCase();
  if (!chosen) return { profile };
  if (!profile.brands.includes(chosen) || profile.unavailableBrands?.includes(chosen)) return { profile, brandRefused: chosen };
  return { profile: { ...profile, brand: chosen } };
}

export function pickOutcome(input: PayDecisionInput, catalogue: Catalogue, view: EngineView): Decision | Refusal {
  const facts = factsOf(input);
  const requestKey = [input.clientId, input.request.paymentRequestId];
  const deferKey = requestKey.join('\u0000');
  const random = randomFor(view.seed, ...requestKey);
  const accept = (rule: CompiledRule) => rule.probability === undefined || randomFor(view.seed, ...requestKey, `rule ${rule.order}`)() < rule.probability;
  let pick: Pick | undefined;
  let pinUsed: Pin | undefined;
  // A scenario with no pay outcome (a capture or refund scenario) is passed over, and the reason says so.
  let headerNote: string | undefined;

  if (input.requestedScenario !== undefined) {
    const scenario = catalogue.scenarios.get(input.requestedScenario);
    if (!scenario) return unknownScenario(catalogue, input.requestedScenario);
    if (scenario.operations.includes('pay')) pick = { scenario, source: 'header', reason: 'asked for by the x-sandbox-scenario request header' };
    else headerNote = `x-sandbox-scenario ${scenario.name} passed over: it has no pay outcome`;
  }
  if (pick) {
    // The header decides.
  } else if (input.mode !== 'hosted' && view.deferred(deferKey)) {
    // The card entered on the hosted page: the header or pin of the hosted pay still comes first.
    const deferred = view.deferred(deferKey)!;
    const scenario = catalogue.scenarios.get(deferred.scenario);
    if (scenario) pick = { scenario, source: deferred.source, reason: `${deferred.reason}; applied to the card entered on the hosted page` };
  } else {
    pinUsed = view.pinFor(input.clientId, input.now, 'pay');
    const scenario = pinUsed && catalogue.scenarios.get(pinUsed.scenario);
    if (pinUsed && scenario) pick = { scenario, source: 'pin', reason: describePin(pinUsed) };
  }
  const used = pick && input.mode !== 'hosted' && view.deferred(deferKey) ? { key: deferKey, used: true as const } : undefined;

  const { profile, brandRefused } = input.mode === 'hosted' ? {} : profileFor(catalogue, facts, input);
  if (!pick && input.mode !== 'hosted') {
    const ruleOf = (rule: CompiledRule): Pick => ({
      scenario: catalogue.scenarios.get(rule.scenario)!, source: SOURCE_OF_KIND[rule.kind], reason: `${rule.label} (${rule.origin})`,
    });
    const userRule = catalogue.userRules.firstMatch(facts, accept);
    const builtInRule = userRule ? undefined : catalogue.builtInRules.firstMatch(facts, accept);
    if (userRule) pick = ruleOf(userRule);
    else if (brandRefused && builtInRule?.kind !== 'data-trigger') {
      pick = {
        scenario: catalogue.scenarios.get('SELECTED_CARD_BRAND_NOT_AVAILABLE')!, source: 'test-card',
        reason: `${profile!.label} is dual-branded (${profile!.brands!.join(', ')}) and ${brandRefused} cannot be used`,
      };
    } else if (builtInRule) pick = ruleOf(builtInRule);
  }

  if (pick && headerNote) pick = { ...pick, reason: `${pick.reason}; ${headerNote}` };
  if (input.mode === 'hosted') return hostedDecision(input, pick, pinUsed, facts, view, random, deferKey);
  pick ??= {
    scenario: catalogue.scenarios.get(DEFAULT_SCENARIO)!, source: 'default',
    reason: `a valid card with no scenario: the default is success${headerNote ? `; ${headerNote}` : ''}`,
  };

  const { step, note, key } = stepOf(pick.scenario.spec, facts, view, () => randomFor(view.seed, ...requestKey, 'choose'));
  const choice: ScenarioChoice = { name: pick.scenario.name, source: pick.source, reason: note ? `${pick.reason}; ${note}` : pick.reason };
  const outcome = resolveOutcome(step, { input, facts, profile, choice, random });
  return { outcome, pinUsed, advance: key, defer: used };
}

/**
 * Hosted-page pays carry no card: the card-dependent layers (rules, catalogues) wait for the buyer to submit
 * the card on the hosted page. A header or pin applies now when it answers F (Antom's hosted pay can only
 * answer F or U) or breaks the call itself; otherwise it is recorded on the payment for the page to apply.
 */
function hostedDecision(
  input: PayDecisionInput, pick: Pick | undefined, pinUsed: Pin | undefined, facts: RequestFacts, view: EngineView, random: Random, deferKey: string,
): Decision {
  if (!pick) {
    return { outcome: { status: 'U', pendingStep: 'hosted-page', scenario: { name: HOSTED_SCENARIO, source: 'default', reason: 'no card data: the buyer enters the card on the hosted page' } } };
  }
  const { step, note, key } = stepOf(pick.scenario.spec, facts, view, () => random);
  const reason = note ? `${pick.reason}; ${note}` : pick.reason;
  // A decline the buyer may retry on the page is the card's, so it waits for the card like a success.
  if (step.status === 'F' && !step.buyerMayRetry) {
    const outcome = resolveOutcome(step, { input, facts, choice: { name: pick.scenario.name, source: pick.source, reason }, random });
    return { outcome, pinUsed, advance: key };
  }
  return {
    outcome: {
      status: 'U', pendingStep: 'hosted-page', fault: faultOf(step.fault), notification: step.notification,
      scenario: { name: pick.scenario.name, source: pick.source, reason: `${reason}; it applies when the buyer submits the card on the hosted page` },
    },
    pinUsed,
    defer: { key: deferKey, set: { scenario: pick.scenario.name, source: pick.source, reason } },
  };
}
