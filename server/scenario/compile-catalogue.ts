// Turns schema-valid scenario files into the engine's catalogue: named scenarios, two layers of indexed
// rules (the user's files, then the built-ins) for each operation a scenario can decide (pay, capture,
// refund) and card profiles. Everything the schema cannot say (a code of the wrong status, a rule naming an
// unknown scenario, a capture rule on a key only a pay has, a test card failing Luhn) is checked on the
// way (check-scenario.ts, rule-drafts.ts) and reported like a schema error: file, line, path and rule.
import { maskCardNo } from '../card/card.ts';
import type { Catalogue } from './catalogue-types.ts';
import { checkScenario, operationsOf } from './check-scenario.ts';
import type { ScenarioSource } from './load-scenario-files.ts';
import { compileMatch, RuleIndex, sha256, type CompiledRule } from './match-rules.ts';
import { draftsOf, ruleOperations } from './rule-drafts.ts';
import { Problems, type Path } from './scenario-problems.ts';

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
