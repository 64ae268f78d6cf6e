// The rules of one scenario file before compilation: every trigger section (data triggers, test cards,
// amounts, postal codes, rules) read as a rule with its label and place in the file, and the operations
// each one decides.
import type { MatchSpec, ScenarioOperation, TestCardSpec } from '../../schemas/scenario-file.ts';
import { maskCardNo } from '../card/card.ts';
import { isResultCode } from '../api/result-codes.ts';
import type { CompiledScenario } from './catalogue-types.ts';
import { checkTestCard } from './check-scenario.ts';
import type { ScenarioSource } from './load-scenario-files.ts';
import { LIFECYCLE_KEYS, list, PAY_ONLY_KEYS, type RuleKind } from './match-rules.ts';
import type { Path, PathProblem } from './scenario-problems.ts';

const SECTION_KINDS: [section: 'dataTriggers' | 'testCards' | 'amountTriggers' | 'postalCodeTriggers' | 'rules', kind: RuleKind][] = [
  ['dataTriggers', 'data-trigger'], ['testCards', 'test-card'], ['amountTriggers', 'amount'], ['postalCodeTriggers', 'postal-code'], ['rules', 'rule'],
];

/** whenPath: where the rule's `when` is in the file; none for the triggers whose `when` the section implies. */
export interface Draft { kind: RuleKind; when: MatchSpec; scenario: string; label: string; probability?: number; path: Path; whenPath?: Path }

/** The file's rules, and what is wrong with its trigger sections (in file order). */
export function draftsOf(source: ScenarioSource): { drafts: Draft[]; problems: PathProblem[] } {
  const { content } = source;
  const drafts: Draft[] = [];
  const problems: PathProblem[] = [];
  const fail = (path: Path, rule: string) => problems.push({ path, rule });
  for (const [section, kind] of SECTION_KINDS) {
    (content[section] ?? []).forEach((entry, i) => {
      const path: Path = [section, i];
      switch (kind) {
        case 'data-trigger': {
          const t = content.dataTriggers![i]!;
          if ((t.coreCheck === undefined) === (t.scenario === undefined)) fail(path, 'must have exactly one of scenario (with when) and coreCheck');
          if (t.scenario !== undefined && t.when === undefined) fail(path, 'needs when to say what triggers the scenario');
          if (t.coreCheck !== undefined && !isResultCode(t.coreCheck)) fail([...path, 'coreCheck'], 'must be a result code of the catalogue');
          if (t.scenario && t.when) drafts.push({ kind, when: t.when!, scenario: t.scenario, label: `data trigger "${t.name}"`, path, whenPath: [...path, 'when'] });
          break;
        }
        case 'test-card': {
          const card = entry as TestCardSpec;
          problems.push(...checkTestCard(card, path));
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
  return { drafts, problems };
}

/**
 * What a rule decides: the operations named in `when.operation`, else every one its scenario has an outcome
 * for; a rule on a key only a pay has decides only pays. A rule that could decide nothing is an error.
 */
export function ruleOperations(draft: Draft, scenario: CompiledScenario): { operations: ScenarioOperation[]; problems: PathProblem[] } {
  const at = (key: string): Path => (draft.whenPath ? [...draft.whenPath, key] : [...draft.path, 'scenario']);
  const asked = list(draft.when.operation);
  const problems = asked.filter((op) => !scenario.operations.includes(op)).map((op): PathProblem => ({
    path: at('operation'), rule: `names ${op}, but scenario "${scenario.name}" has no ${op} outcome (it has ${scenario.operations.join(', ')})`,
  }));
  const candidates = asked.length ? asked : scenario.operations;
  const payOnly = PAY_ONLY_KEYS.find((key) => draft.when[key] !== undefined);
  if (!payOnly) return { operations: candidates, problems };
  const operations = candidates.filter((op) => op === 'pay');
  if (!operations.length) {
    const lifecycle = candidates.join(' or ');
    problems.push({ path: at(payOnly), rule: `cannot match a ${lifecycle}: only a pay has ${payOnly}; a rule for a capture or refund matches on ${LIFECYCLE_KEYS.join(', ')}` });
  }
  return { operations, problems };
}
