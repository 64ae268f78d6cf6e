// Turns schema-valid scenario files into the engine's catalogue: named scenarios, two layers of indexed
// rules (the user's files, then the built-ins) for each operation a scenario can decide (pay, capture,
// refund) and card profiles. Everything the schema cannot say (a code of the wrong status, a rule naming an
// unknown scenario, a capture rule on a key only a pay has, a test card failing Luhn) is checked here and
// reported like a schema error: file, line, path and rule.
import type {
  FinalOutcome, LifecycleFinal, LifecycleOperation, LifecycleOutcomeSpec, MatchSpec, OutcomeSpec, ScenarioOperation, ScenarioSpec, TestCardSpec,
} from '../../schemas/scenario-file.ts';
import { brandOf, maskCardNo, passesLuhn } from '../card/card.ts';
import { isResultCode, RESULT_CODES } from '../api/result-codes.ts';
import { IN_PROCESS_CODE, LIFECYCLE_F_CODES, LIFECYCLE_LATER_F_CODES } from './lifecycle-codes.ts';
import { ScenarioFileError, formatPath, type ScenarioSource } from './load-scenario-files.ts';
import {
  compileMatch, LIFECYCLE_KEYS, list, PAY_ONLY_KEYS, RuleIndex, sha256, type CompiledRule, type RuleKind,
} from './match-rules.ts';
import { PAY_F_CODES } from './pay-codes.ts';

export interface CompiledScenario {
  name: string;
  description: string;
  builtIn: boolean;
  /** "file:line" where it is defined. */
  origin: string;
  spec: ScenarioSpec;
  /** What it has an outcome for; a header, pin or rule naming it decides only these. */
  operations: ScenarioOperation[];
}

/** The user's rules, then the built-in ones, for one operation. */
export interface RuleLayers { user: RuleIndex; builtIn: RuleIndex }

/** What a test card says about itself, reported whichever scenario is chosen. */
export interface CardProfile {
  label: string;
  brand?: string;
  funding?: 'CREDIT' | 'DEBIT' | 'PREPAID';
  issuingCountry?: string;
  brands?: string[];
  unavailableBrands?: string[];
}

export interface Catalogue {
  scenarios: Map<string, CompiledScenario>;
  /** Layer 3: rules from the user's files. */
  userRules: RuleIndex;
  /** Layer 4: the built-in catalogues. */
  builtInRules: RuleIndex;
  /** Layers 3 and 4 for captures and refunds: the rules whose scenario has an outcome for them. */
  lifecycleRules: Record<LifecycleOperation, RuleLayers>;
  /** By card fingerprint; a user's test card overrides a built-in one. */
  profiles: Map<string, CardProfile>;
  /** Every rule in load order, for listing and documentation. */
  rules: CompiledRule[];
  /** Test cards as written, with where they come from (for listing and docs/scenarios.md). */
  testCards: (TestCardSpec & { builtIn: boolean })[];
  /** Data triggers that only document a core check (expiry month 13). */
  coreChecks: { name: string; description: string; code: string; source?: string }[];
}

type Path = (string | number)[];

class Problems {
  constructor(private readonly source: ScenarioSource) {}
  fail(path: Path, rule: string): never {
    throw new ScenarioFileError(`${this.source.where(path)}: ${formatPath(path)} ${rule}`);
  }
}

const SECTION_KINDS: [section: 'dataTriggers' | 'testCards' | 'amountTriggers' | 'postalCodeTriggers' | 'rules', kind: RuleKind][] = [
  ['dataTriggers', 'data-trigger'], ['testCards', 'test-card'], ['amountTriggers', 'amount'], ['postalCodeTriggers', 'postal-code'], ['rules', 'rule'],
];

function checkFinal(final: FinalOutcome, path: Path, p: Problems): void {
  if (final.status === 'S') {
    if (final.code !== undefined && final.code !== 'SUCCESS') p.fail([...path, 'code'], 'must be SUCCESS (or left out) when status is S');
    if (final.refusalCodeRaw !== undefined) p.fail([...path, 'refusalCodeRaw'], 'is only for status F');
    return;
  }
  checkFailCode(final.code, path, p);
}

function checkFailCode(code: string | undefined, path: Path, p: Problems): void {
  if (code === undefined) p.fail([...path, 'code'], 'is required when status is F');
  if (!isResultCode(code) || !PAY_F_CODES.includes(code) || RESULT_CODES[code][0] !== 'F') {
    p.fail([...path, 'code'], `must be one of the F codes of pay: ${PAY_F_CODES.join(', ')}`);
  }
}

function checkOutcome(o: OutcomeSpec, path: Path, p: Problems): void {
  const only = (field: keyof OutcomeSpec, when: string) => {
    if (o[field] !== undefined) p.fail([...path, field], `is only for ${when}`);
  };
  if (o.status === 'S') {
    if (o.code !== undefined && o.code !== 'SUCCESS') p.fail([...path, 'code'], 'must be SUCCESS (or left out) when status is S');
    only('refusalCodeRaw', 'status F');
    only('rejectRequest', 'status F');
  } else if (o.status === 'F') {
    checkFailCode(o.code, path, p);
  } else {
    if (o.code !== undefined && o.code !== 'PAYMENT_IN_PROCESS') p.fail([...path, 'code'], 'must be PAYMENT_IN_PROCESS (or left out) when status is U; put the later answer in "then"');
    for (const field of ['refusalCodeRaw', 'refusalReason', 'avs', 'cvv', 'threeDS', 'afterChallenge', 'rejectRequest'] as const) {
      only(field, 'status S or F; an in-process outcome takes them in "then"');
    }
  }
  if (o.status !== 'U') {
    only('settleAfterMs', 'status U');
    only('then', 'status U');
  }
  if (o.then) checkFinal(o.then, [...path, 'then'], p);
  if (o.afterChallenge) {
    if (o.threeDS && !['auto', 'challenge', 'soft-decline'].includes(o.threeDS)) {
      p.fail([...path, 'afterChallenge'], 'needs threeDS auto, challenge or soft-decline: only those can lead to a challenge');
    }
    for (const step of ['pass', 'fail', 'cancel'] as const) {
      const final = o.afterChallenge[step];
      if (final) checkFinal(final, [...path, 'afterChallenge', step], p);
    }
  }
  if (o.fault?.answer === 'traffic-limit' && o.fault.processed === true) {
    p.fail([...path, 'fault', 'processed'], 'must be false for traffic-limit: a request refused for traffic was never processed');
  }
}

function checkLifecycleFinal(final: LifecycleFinal, op: LifecycleOperation, path: Path, p: Problems): void {
  if (final.status === 'S') {
    if (final.code !== undefined && final.code !== 'SUCCESS') p.fail([...path, 'code'], 'must be SUCCESS (or left out) when status is S');
  } else if (final.code === undefined || !LIFECYCLE_LATER_F_CODES.includes(final.code as never)) {
    p.fail([...path, 'code'], `must be one of the F codes a ${op} in process can end in: ${LIFECYCLE_LATER_F_CODES.join(', ')}`);
  }
}

function checkLifecycle(o: LifecycleOutcomeSpec, op: LifecycleOperation, path: Path, p: Problems): void {
  const only = (field: keyof LifecycleOutcomeSpec, when: string) => {
    if (o[field] !== undefined) p.fail([...path, field], `is only for ${when}`);
  };
  if (o.status === 'S') {
    if (o.code !== undefined && o.code !== 'SUCCESS') p.fail([...path, 'code'], 'must be SUCCESS (or left out) when status is S');
  } else if (o.status === 'F') {
    if (o.code === undefined) p.fail([...path, 'code'], 'is required when status is F');
    if (!LIFECYCLE_F_CODES[op].includes(o.code as never)) p.fail([...path, 'code'], `must be one of the F codes of ${op}: ${LIFECYCLE_F_CODES[op].join(', ')}`);
  } else if (o.code !== undefined && o.code !== IN_PROCESS_CODE[op]) {
    p.fail([...path, 'code'], `must be ${IN_PROCESS_CODE[op]} (or left out) when status is U; put the later answer in "then"`);
  }
  if (o.status !== 'F') only('rejectRequest', 'status F');
  if (o.status !== 'U') {
    only('settleAfterMs', 'status U');
    only('then', 'status U');
  }
  if (o.then && o.status === 'U' && o.settleAfterMs === undefined) {
    p.fail([...path, 'then'], `needs settleAfterMs: without it the ${op} stays in process until settled by hand, and the settle request says how it ends`);
  }
  if (o.then) checkLifecycleFinal(o.then, op, [...path, 'then'], p);
  if (o.fault?.answer === 'traffic-limit' && o.fault.processed === true) {
    p.fail([...path, 'fault', 'processed'], 'must be false for traffic-limit: a request refused for traffic was never processed');
  }
}

export function operationsOf(s: ScenarioSpec): ScenarioOperation[] {
  const ops: ScenarioOperation[] = [];
  if (s.outcome ?? s.sequence ?? s.choose) ops.push('pay');
  if (s.capture) ops.push('capture');
  if (s.refund) ops.push('refund');
  return ops;
}

function checkScenario(s: ScenarioSpec, path: Path, p: Problems): void {
  const given = (['outcome', 'sequence', 'choose'] as const).filter((k) => s[k] !== undefined);
  if (given.length > 1) p.fail(path, `must have only one of outcome, sequence and choose, the pay outcome (has ${given.join(', ')})`);
  if (!operationsOf(s).length) p.fail(path, 'must have an outcome for pay (outcome, sequence or choose), for capture or for refund (has none)');
  if (s.outcome) checkOutcome(s.outcome, [...path, 'outcome'], p);
  s.sequence?.steps.forEach((step, i) => checkOutcome(step, [...path, 'sequence', 'steps', i], p));
  s.choose?.forEach((option, i) => checkOutcome(option.outcome, [...path, 'choose', i, 'outcome'], p));
  if (s.capture) checkLifecycle(s.capture, 'capture', [...path, 'capture'], p);
  if (s.refund) checkLifecycle(s.refund, 'refund', [...path, 'refund'], p);
}

function checkTestCard(card: TestCardSpec, path: Path, p: Problems): void {
  if (!passesLuhn(card.cardNo)) p.fail([...path, 'cardNo'], 'fails the Luhn check, so pay would refuse it before any scenario');
  const binBrand = brandOf(card.cardNo);
  if (card.brands) {
    if (!binBrand || !card.brands.includes(binBrand)) p.fail([...path, 'brands'], `must include ${binBrand ?? 'the brand of the BIN'}, the brand its BIN names`);
    for (const [i, brand] of (card.unavailableBrands ?? []).entries()) {
      if (!card.brands.includes(brand)) p.fail([...path, 'unavailableBrands', i], `${brand} is not one of the card's brands`);
    }
  } else if (card.unavailableBrands) {
    p.fail([...path, 'unavailableBrands'], 'is only for a dual-branded card (brands)');
  }
  if (card.brand && card.brand !== binBrand && !card.brands?.includes(card.brand)) {
    p.fail([...path, 'brand'], `must be ${binBrand ?? 'UNKNOWN'}, the brand its BIN names`);
  }
}

/** whenPath: where the rule's `when` is in the file; none for the triggers whose `when` the section implies. */
interface Draft { kind: RuleKind; when: MatchSpec; scenario: string; label: string; probability?: number; path: Path; whenPath?: Path }

function draftsOf(source: ScenarioSource, p: Problems): Draft[] {
  const { content } = source;
  const drafts: Draft[] = [];
  for (const [section, kind] of SECTION_KINDS) {
    (content[section] ?? []).forEach((entry, i) => {
      const path: Path = [section, i];
      switch (kind) {
        case 'data-trigger': {
          const t = content.dataTriggers![i]!;
          if ((t.coreCheck === undefined) === (t.scenario === undefined)) p.fail(path, 'must have exactly one of scenario (with when) and coreCheck');
          if (t.scenario !== undefined && t.when === undefined) p.fail(path, 'needs when to say what triggers the scenario');
          if (t.coreCheck !== undefined && !isResultCode(t.coreCheck)) p.fail([...path, 'coreCheck'], 'must be a result code of the catalogue');
          if (t.scenario) drafts.push({ kind, when: t.when!, scenario: t.scenario, label: `data trigger "${t.name}"`, path, whenPath: [...path, 'when'] });
          break;
        }
        case 'test-card': {
          const card = entry as TestCardSpec;
          checkTestCard(card, path, p);
          if (card.scenario) drafts.push({ kind, when: { cardNo: card.cardNo }, scenario: card.scenario, label: `test card ${maskCardNo(card.cardNo)}`, path });
          break;
        }
        case 'amount': {
          const t = content.amountTriggers![i]!;
          drafts.push({ kind, when: { amount: { value: t.value, ...(t.currency ? { currency: t.currency } : {}) } }, scenario: t.scenario, label: `amount ${t.value}${t.currency ? ` ${t.currency}` : ''}`, path });
          break;
        }
        case 'postal-code': {
          const t = content.postalCodeTriggers![i]!;
          drafts.push({ kind, when: { billingPostalCode: t.postalCode }, scenario: t.scenario, label: `billing postal code ${t.postalCode}`, path });
          break;
        }
        case 'rule': {
          const r = content.rules![i]!;
          const name = r.name ? `rule "${r.name}"` : `rules[${i}]`;
          drafts.push({ kind, when: r.when, scenario: r.scenario, label: name, probability: r.probability, path, whenPath: [...path, 'when'] });
          break;
        }
      }
    });
  }
  return drafts;
}

/**
 * What a rule decides: the operations named in `when.operation`, else every one its scenario has an outcome
 * for; a rule on a key only a pay has decides only pays. A rule that could decide nothing is an error.
 */
function ruleOperations(draft: Draft, scenario: CompiledScenario, p: Problems): ScenarioOperation[] {
  const at = (key: string): Path => (draft.whenPath ? [...draft.whenPath, key] : [...draft.path, 'scenario']);
  const asked = list(draft.when.operation);
  for (const op of asked) {
    if (!scenario.operations.includes(op)) p.fail(at('operation'), `names ${op}, but scenario "${scenario.name}" has no ${op} outcome (it has ${scenario.operations.join(', ')})`);
  }
  const candidates = asked.length ? asked : scenario.operations;
  const payOnly = PAY_ONLY_KEYS.find((key) => draft.when[key] !== undefined);
  if (!payOnly) return candidates;
  const ops = candidates.filter((op) => op === 'pay');
  if (!ops.length) {
    const lifecycle = candidates.join(' or ');
    p.fail(at(payOnly), `cannot match a ${lifecycle}: only a pay has ${payOnly}; a rule for a capture or refund matches on ${LIFECYCLE_KEYS.join(', ')}`);
  }
  return ops;
}

/** Builds the catalogue from the built-in sources and the user's, in that order of definition. */
export function compileCatalogue(builtIn: readonly ScenarioSource[], user: readonly ScenarioSource[]): Catalogue {
  const catalogue: Catalogue = {
    scenarios: new Map(), userRules: new RuleIndex(), builtInRules: new RuleIndex(), profiles: new Map(), rules: [], testCards: [], coreChecks: [],
    lifecycleRules: { capture: { user: new RuleIndex(), builtIn: new RuleIndex() }, refund: { user: new RuleIndex(), builtIn: new RuleIndex() } },
  };
  const sources = [...builtIn, ...user];
  // First every scenario, so that rules may name scenarios of any file.
  for (const source of sources) {
    const p = new Problems(source);
    (source.content.scenarios ?? []).forEach((spec, i) => {
      const path: Path = ['scenarios', i];
      const existing = catalogue.scenarios.get(spec.name);
      if (existing) p.fail([...path, 'name'], `"${spec.name}" is already defined at ${existing.origin}`);
      checkScenario(spec, path, p);
      catalogue.scenarios.set(spec.name, {
        name: spec.name, description: spec.description, builtIn: source.builtIn, origin: source.where(path), spec, operations: operationsOf(spec),
      });
    });
  }
  let order = 0;
  for (const source of sources) {
    const p: Problems = new Problems(source);
    const seenCards = new Map<string, string>();
    for (const draft of draftsOf(source, p)) {
      const scenario = catalogue.scenarios.get(draft.scenario);
      if (!scenario) p.fail([...draft.path, 'scenario'], `names no scenario: "${draft.scenario}" (see GET /_sandbox/scenarios for the known names)`);
      const operations = ruleOperations(draft, scenario, p);
      const rule: CompiledRule = {
        order: order++, kind: draft.kind, builtIn: source.builtIn, scenario: draft.scenario, label: draft.label,
        origin: source.where(draft.path), when: draft.when, probability: draft.probability, test: compileMatch(draft.when), operations,
      };
      catalogue.rules.push(rule);
      for (const op of operations) {
        const layers = op === 'pay' ? { user: catalogue.userRules, builtIn: catalogue.builtInRules } : catalogue.lifecycleRules[op];
        (source.builtIn ? layers.builtIn : layers.user).add(rule);
      }
    }
    (source.content.testCards ?? []).forEach((card, i) => {
      const seen = seenCards.get(card.cardNo);
      if (seen) p.fail(['testCards', i, 'cardNo'], `is listed twice in this file (also at ${seen})`);
      seenCards.set(card.cardNo, source.where(['testCards', i]));
      catalogue.testCards.push({ ...card, builtIn: source.builtIn });
      // Later sources win: a user's file can re-describe a built-in card.
      catalogue.profiles.set(sha256(card.cardNo), {
        label: `test card ${maskCardNo(card.cardNo)}`, brand: card.brands?.[0] ?? card.brand, funding: card.funding,
        issuingCountry: card.issuingCountry, brands: card.brands, unavailableBrands: card.unavailableBrands,
      });
    });
    for (const t of source.content.dataTriggers ?? []) {
      if (t.coreCheck) catalogue.coreChecks.push({ name: t.name, description: t.description, code: t.coreCheck, source: t.source });
    }
  }
  return catalogue;
}
