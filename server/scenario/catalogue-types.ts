// The compiled scenario catalogue the engine decides with: named scenarios, rules in layers by operation,
// and card profiles (built by compile-catalogue.ts).
import type { LifecycleOperation, ScenarioOperation, ScenarioSpec, TestCardSpec } from '../../schemas/scenario-file.ts';
import type { CompiledRule, RuleIndex } from './match-rules.ts';

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
