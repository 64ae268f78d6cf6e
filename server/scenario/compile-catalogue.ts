// Turns schema-valid scenario files into the engine's catalogue: named scenarios, two layers of indexed
// rules (the user's files, then the built-ins) for each operation a scenario can decide (pay, capture,
// refund) and card profiles. Everything the schema cannot say (a code of the wrong status, a rule naming an
// unknown scenario, a capture rule on a key only a pay has, a test card failing Luhn) is checked on the
// way (check-scenario.ts, rule-drafts.ts) and returned like a schema error: file, line, path and rule,
// every problem in the order the files define things (a message names the first).
import { maskCardNo } from '../card/card.ts';
import type { Catalogue } from './catalogue-types.ts';
import { checkScenario, operationsOf } from './check-scenario.ts';
import type { ScenarioSource } from './load-scenario-files.ts';
import { compileMatch, RuleIndex, sha256, type CompiledRule } from './match-rules.ts';
import { draftsOf, ruleOperations } from './rule-drafts.ts';
import { placed, problemsOf, type Path, type PathProblem, type ScenarioProblem, type ScenarioProblems } from './scenario-problems.ts';

/** Builds the catalogue from the built-in sources and the user's, in that order of definition. */
export function compileCatalogue(builtIn: readonly ScenarioSource[], user: readonly ScenarioSource[]): Catalogue | ScenarioProblems {
  const catalogue: Catalogue = {
    scenarios: new Map(), userRules: new RuleIndex(), builtInRules: new RuleIndex(), profiles: new Map(), rules: [], testCards: [], coreChecks: [],
    lifecycleRules: { capture: { user: new RuleIndex(), builtIn: new RuleIndex() }, refund: { user: new RuleIndex(), builtIn: new RuleIndex() } },
  };
  const sources = [...builtIn, ...user];
  const problems: ScenarioProblem[] = [];
  const report = (source: ScenarioSource, found: readonly PathProblem[]) => problems.push(...found.map((p) => placed(source, p)));
  // First every scenario, so that rules may name scenarios of any file.
  for (const source of sources) {
    (source.content.scenarios ?? []).forEach((spec, i) => {
      const path: Path = ['scenarios', i];
      const existing = catalogue.scenarios.get(spec.name);
      if (existing) {
        report(source, [{ path: [...path, 'name'], rule: `"${spec.name}" is already defined at ${existing.origin}` }]);
        return;
      }
      report(source, checkScenario(spec, path));
      catalogue.scenarios.set(spec.name, {
        name: spec.name, description: spec.description, builtIn: source.builtIn, origin: source.where(path), spec, operations: operationsOf(spec),
      });
    });
  }
  let order = 0;
  for (const source of sources) {
    const seenCards = new Map<string, string>();
    const { drafts, problems: draftProblems } = draftsOf(source);
    report(source, draftProblems);
    for (const draft of drafts) {
      const scenario = catalogue.scenarios.get(draft.scenario);
      if (!scenario) {
        report(source, [{ path: [...draft.path, 'scenario'], rule: `names no scenario: "${draft.scenario}" (see GET /_sandbox/scenarios for the known names)` }]);
        continue;
      }
      const { operations, problems: ruleProblems } = ruleOperations(draft, scenario);
      report(source, ruleProblems);
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
      if (seen) report(source, [{ path: ['testCards', i, 'cardNo'], rule: `is listed twice in this file (also at ${seen})` }]);
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
  return problems.length ? problemsOf(...problems) : catalogue;
}
