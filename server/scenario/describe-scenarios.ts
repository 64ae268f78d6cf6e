// The catalogue as people read it: each scenario with its description, its outcome in a line, and what
// triggers it. Serves GET /_sandbox/scenarios, `alipay-sandbox scenarios list` and the tables of docs/scenarios.md.
import type {
  FinalOutcome, LifecycleFinal, LifecycleOperation, LifecycleOutcomeSpec, MatchSpec, OutcomeSpec, ScenarioOperation, ScenarioSpec,
} from '../../schemas/scenario-file.ts';
import type { Catalogue } from './compile-catalogue.ts';
import { IN_PROCESS_CODE, LIFECYCLE_REFUSAL } from './lifecycle-codes.ts';
import type { RuleKind } from './match-rules.ts';
import { appliesText } from './pick-lifecycle-outcome.ts';
import { DEFAULT_SCENARIO } from './pick-outcome.ts';

export interface TriggerListing {
  kind: RuleKind | 'default';
  label: string;
  origin: string;
  /** What a rule of a scenario file looks at. */
  when?: MatchSpec;
  probability?: number;
}

export interface ScenarioListing {
  name: string;
  description: string;
  builtIn: boolean;
  origin: string;
  /** The outcome in one line, e.g. "F DO_NOT_HONOR (refusal 05)", or "capture: ...; refund: ..." per operation. */
  outcome: string;
  /** What it decides, and its outcome for each. */
  operations: ScenarioOperation[];
  outcomes: Partial<Record<ScenarioOperation, string>>;
  triggers: TriggerListing[];
  definition: ScenarioSpec;
}

const finalText = (f: FinalOutcome) => (f.status === 'S' ? 'S SUCCESS' : `F ${f.code}${f.refusalCodeRaw ? ` (refusal ${f.refusalCodeRaw})` : ''}`);

const FAULT_TEXT: Record<string, string> = {
  'unknown-exception': 'answers U UNKNOWN_EXCEPTION', 'traffic-limit': 'answers U REQUEST_TRAFFIC_EXCEED_LIMIT',
  'http-500': 'answers HTTP 500', 'http-502': 'answers HTTP 502', 'http-503': 'answers HTTP 503',
  drop: 'drops the connection', hang: 'never answers',
};

/** One outcome in a line, as a reader of the docs or the CLI wants it. */
export function describeOutcome(o: OutcomeSpec): string {
  let text: string;
  if (o.status === 'U') {
    const then = finalText(o.then ?? { status: 'S' });
    text = o.settleAfterMs !== undefined ? `U PAYMENT_IN_PROCESS, then ${then} after ${o.settleAfterMs / 1000} s` : 'U PAYMENT_IN_PROCESS until settled by hand or expired';
  } else {
    text = finalText(o as FinalOutcome);
    if (o.status === 'F' && (o.rejectRequest ?? false)) text += ', no payment';
    const checks = [o.avs && `AVS ${o.avs}`, o.cvv && `CVV ${o.cvv}`].filter(Boolean).join(', ');
    if (checks) text += ` with ${checks}`;
    switch (o.threeDS) {
      case 'challenge': text = `U 3DS challenge, then ${text} on a pass`; break;
      case 'frictionless': text += ', 3DS frictionless (ECI 05/02)'; break;
      case 'attempted': text += ', 3DS attempted (ECI 06/01)'; break;
      case 'exempt': text += ', 3DS exempt (never challenged)'; break;
      case 'soft-decline': text = `F AUTHENTICATION_REQUIRED (refusal 1A); with 3DS or enableAuthenticationUpgrade: U 3DS challenge, then ${text}`; break;
      default: break;
    }
  }
  if (o.walletBuyer) {
    const { action, afterMs } = o.walletBuyer;
    text = action === 'pay' ? `wallet: the buyer pays after ${afterMs / 1000} s, then ${text}`
      : action === 'decline' ? `wallet: the buyer declines after ${afterMs / 1000} s (F PROCESS_FAIL)`
      : `wallet: the buyer leaves after ${afterMs / 1000} s; F ORDER_IS_CLOSED at expiry`;
  }
  const fault = o.fault;
  if (fault) {
    const what = [fault.latencyMs ? `after ${fault.latencyMs / 1000} s` : undefined, fault.answer && FAULT_TEXT[fault.answer]].filter(Boolean).join(', ');
    const processed = fault.processed ?? fault.answer !== 'traffic-limit';
    text = fault.answer ? `${what}; ${processed ? `the payment is made: ${text}` : 'nothing is processed'}` : `${text}, ${what}`;
  }
  const n = o.notification;
  if (n) {
    const parts = [n.delayMs && `delayed ${n.delayMs / 1000} s`, n.duplicate && `sent ${n.duplicate + 1} times`, n.dropFirst && `first ${n.dropFirst} attempt(s) dropped`, n.outOfOrder && 'out of order'].filter(Boolean);
    text += `; notification ${parts.join(', ')}`;
  }
  return text;
}

const minutesOrSeconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const lifecycleFinalText = (f: LifecycleFinal) => (f.status === 'S' ? 'S SUCCESS' : `F ${f.code}`);

/** A capture's or refund's outcome in a line, e.g. "U CAPTURE_IN_PROCESS, then S SUCCESS after 2 min". */
export function describeLifecycleOutcome(o: LifecycleOutcomeSpec, op: LifecycleOperation): string {
  let text: string;
  if (o.status === 'U') {
    text = o.settleAfterMs !== undefined
      ? `U ${IN_PROCESS_CODE[op]}, then ${lifecycleFinalText(o.then ?? { status: 'S' })} after ${minutesOrSeconds(o.settleAfterMs)}`
      : `U ${IN_PROCESS_CODE[op]} until settled by hand`;
  } else {
    text = lifecycleFinalText(o as LifecycleFinal);
    if (o.status === 'F' && (o.rejectRequest ?? o.code === LIFECYCLE_REFUSAL[op])) text += ', not kept';
  }
  const fault = o.fault;
  if (fault) {
    const what = [fault.latencyMs ? `after ${fault.latencyMs / 1000} s` : undefined, fault.answer && FAULT_TEXT[fault.answer]].filter(Boolean).join(', ');
    const processed = fault.processed ?? fault.answer !== 'traffic-limit';
    text = fault.answer ? `${what}; ${processed ? `the ${op} is made: ${text}` : 'nothing is processed'}` : `${text}, ${what}`;
  }
  const appliesTo = o.appliesTo ?? 'all';
  return appliesTo === 'all' ? text : `${appliesText(op, appliesTo)}: ${text}`;
}

/** Each operation's outcome in a line. */
export function describeOutcomes(spec: ScenarioSpec): Partial<Record<ScenarioOperation, string>> {
  const pay = describePayOutcome(spec);
  return {
    ...(pay !== undefined ? { pay } : {}),
    ...(spec.capture ? { capture: describeLifecycleOutcome(spec.capture, 'capture') } : {}),
    ...(spec.refund ? { refund: describeLifecycleOutcome(spec.refund, 'refund') } : {}),
  };
}

/** The whole scenario in a line: one text for a pay scenario or one that does the same to all, else "op: text" for each. */
export function describeScenarioOutcome(spec: ScenarioSpec): string {
  const outcomes = Object.entries(describeOutcomes(spec));
  if (outcomes.length === 1 && outcomes[0]![0] === 'pay') return outcomes[0]![1];
  if (outcomes.length > 1 && new Set(outcomes.map(([, text]) => text)).size === 1) return outcomes[0]![1];
  return outcomes.map(([op, text]) => `${op}: ${text}`).join('; ');
}

/** A pay's outcome in a line; undefined for a scenario that has none. */
export function describePayOutcome(spec: ScenarioSpec): string | undefined {
  if (spec.outcome) return describeOutcome(spec.outcome);
  if (spec.sequence) {
    const steps = spec.sequence.steps.map((s, i) => `${i + 1}) ${describeOutcome(s)}`).join(' ');
    return `by ${spec.sequence.by}: ${steps}${spec.sequence.afterLast === 'cycle' ? ', then again from 1' : ', then the last again'}`;
  }
  if (!spec.choose) return undefined;
  const total = spec.choose.reduce((sum, c) => sum + c.weight, 0);
  return `at random: ${spec.choose.map((c) => `${Math.round((c.weight / total) * 100)}% ${describeOutcome(c.outcome)}`).join(', ')}`;
}

export function listScenarios(catalogue: Catalogue): ScenarioListing[] {
  const triggers = new Map<string, TriggerListing[]>();
  const add = (name: string, trigger: TriggerListing) => {
    const list = triggers.get(name);
    if (list) list.push(trigger);
    else triggers.set(name, [trigger]);
  };
  add(DEFAULT_SCENARIO, { kind: 'default', label: 'a valid card that no header, pin or rule chooses for', origin: 'built-in' });
  add(DEFAULT_SCENARIO, { kind: 'default', label: 'a capture or refund that no header, pin or rule chooses for', origin: 'built-in' });
  // Test card numbers are public, so listings show them whole (reasons stored on payments show them masked).
  const cards = new Map(catalogue.testCards.map((card) => [card.cardNo, card]));
  const cardLabel = (cardNo: string) => {
    const card = cards.get(cardNo);
    return `test card ${cardNo}${card ? ` (${[card.brands?.join('/') ?? card.brand, card.funding, card.issuingCountry].filter(Boolean).join(', ')})` : ''}`;
  };
  for (const rule of catalogue.rules) {
    const label = rule.kind === 'test-card' && typeof rule.when.cardNo === 'string' ? cardLabel(rule.when.cardNo) : rule.label;
    add(rule.scenario, {
      kind: rule.kind, label, origin: rule.origin,
      ...(rule.kind === 'rule' ? { when: rule.when } : {}),
      ...(rule.probability !== undefined ? { probability: rule.probability } : {}),
    });
  }
  for (const card of catalogue.testCards) {
    if (card.brands) {
      const refused = [...(card.unavailableBrands ?? []), 'a brand not on the card'].join(' or ');
      add('SELECTED_CARD_BRAND_NOT_AVAILABLE', { kind: 'test-card', label: `${cardLabel(card.cardNo)} with selectedCardBrand ${refused}`, origin: card.builtIn ? 'built-in' : 'user file' });
    }
    if (!card.scenario) add(DEFAULT_SCENARIO, { kind: 'test-card', label: cardLabel(card.cardNo), origin: card.builtIn ? 'built-in' : 'user file' });
  }
  return [...catalogue.scenarios.values()].map((s) => ({
    name: s.name, description: s.description, builtIn: s.builtIn, origin: s.origin,
    outcome: describeScenarioOutcome(s.spec), operations: s.operations, outcomes: describeOutcomes(s.spec),
    triggers: triggers.get(s.name) ?? [], definition: s.spec,
  }));
}
