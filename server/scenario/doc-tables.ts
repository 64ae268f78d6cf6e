// The scenario tables of docs/scenarios.md, generated from the built-in catalogue so that they cannot drift
// from it: `npm run docs:tables` rewrites them between their markers, and a test fails when they differ.
import type { LifecycleOperation } from '../../schemas/scenario-file.ts';
import type { Catalogue } from './catalogue-types.ts';
import { describeLifecycleOutcome, describePayOutcome } from './describe-scenarios.ts';
import type { CompiledRule } from './match-rules.ts';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const from = (source: string | undefined) => (source === 'antom' ? 'Antom' : 'sandbox');

function scenarioOf(catalogue: Catalogue, name: string) {
  const scenario = catalogue.scenarios.get(name);
  if (!scenario) throw new Error(`the catalogue names an unknown scenario ${name}`);
  return scenario;
}

/** What the scenario does to a pay (the tables of pay triggers only name pay scenarios). */
const outcomeOf = (catalogue: Catalogue, name: string): string => describePayOutcome(scenarioOf(catalogue, name).spec) ?? '';

function lifecycleOutcomeOf(catalogue: Catalogue, name: string, op: LifecycleOperation): string {
  const spec = scenarioOf(catalogue, name).spec[op];
  return spec ? describeLifecycleOutcome(spec, op) : '';
}

export function testCardTable(catalogue: Catalogue): string {
  const rows = catalogue.testCards.filter((c) => c.builtIn).map((card) => {
    const name = card.scenario ?? 'success';
    let scenario = `\`${name}\``;
    let outcome = outcomeOf(catalogue, name);
    if (card.brands) {
      const usable = card.brands.filter((b) => !card.unavailableBrands?.includes(b));
      scenario = `${scenario} with selectedCardBrand ${usable.join(' or ')}; \`SELECTED_CARD_BRAND_NOT_AVAILABLE\` with ${[...(card.unavailableBrands ?? []), 'any other'].join(' or ')}`;
      outcome = `${outcome}, cardBrand as chosen (default ${card.brands[0]})`;
    }
    return [`\`${card.cardNo}\``, card.brands?.join(' / ') ?? card.brand ?? '', card.funding ?? '', card.issuingCountry ?? '', scenario, outcome, from(card.source)];
  });
  return table(['card number', 'brand', 'funding', 'country', 'scenario', 'outcome', 'from'], rows);
}

export function triggerTables(catalogue: Catalogue): string {
  const builtIn = catalogue.rules.filter((r) => r.builtIn && r.operations.includes('pay'));
  const amounts = builtIn.filter((r) => r.kind === 'amount').map((r) => {
    const { value, currency } = r.when.amount!;
    return [`\`${String(value)}\`${currency ? ` ${String(currency)}` : ''}`, `\`${r.scenario}\``, outcomeOf(catalogue, r.scenario)];
  });
  const postal = builtIn.filter((r) => r.kind === 'postal-code').map((r) => [`\`${String(r.when.billingPostalCode)}\``, `\`${r.scenario}\``, outcomeOf(catalogue, r.scenario)]);
  const data = [
    ...builtIn.filter((r) => r.kind === 'data-trigger').map((r) => [r.label.replace(/^data trigger "(.*)"$/, '$1'), `\`${r.scenario}\``, outcomeOf(catalogue, r.scenario)]),
    ...catalogue.coreChecks.map((c) => [c.name, '(the core\'s card check)', `F ${c.code}, no payment; ${c.description}`]),
  ];
  return [
    '**Amount triggers** (`paymentAmount.value` in minor units, any currency):', '', table(['value', 'scenario', 'outcome'], amounts), '',
    '**Billing postal codes** (`paymentMethodMetaData.billingAddress.zipCode`; any other gives AVS `Y`, none gives `U`):', '', table(['postal code', 'scenario', 'outcome'], postal), '',
    '**Invalid data** (Antom\'s triggers):', '', table(['trigger', 'scenario', 'outcome'], data),
  ].join('\n');
}

export function scenarioTable(catalogue: Catalogue): string {
  const rows = [...catalogue.scenarios.values()].filter((s) => s.builtIn && s.operations.includes('pay'))
    .map((s) => [`\`${s.name}\``, describePayOutcome(s.spec) ?? '', s.description]);
  return table(['scenario', 'outcome', 'description'], rows);
}

/** The capture and refund amount triggers (one row per value) and the scenarios with a capture or refund outcome. */
export function captureRefundTables(catalogue: Catalogue): string {
  const byValue = new Map<string, Partial<Record<LifecycleOperation, CompiledRule>>>();
  for (const rule of catalogue.rules.filter((r) => r.builtIn && r.kind === 'amount')) {
    for (const op of ['capture', 'refund'] as const) {
      if (!rule.operations.includes(op)) continue;
      const value = String(rule.when.amount!.value);
      const row = byValue.get(value) ?? {};
      row[op] ??= rule;
      byValue.set(value, row);
    }
  }
  const cellOf = (rule: CompiledRule | undefined, op: LifecycleOperation) => (rule ? `\`${rule.scenario}\`: ${lifecycleOutcomeOf(catalogue, rule.scenario, op)}` : '');
  const amounts = [...byValue].map(([value, row]) => [`\`${value}\``, cellOf(row.capture, 'capture'), cellOf(row.refund, 'refund')]);
  const scenarios = [...catalogue.scenarios.values()].filter((s) => s.builtIn && (s.spec.capture || s.spec.refund))
    .map((s) => [`\`${s.name}\``, lifecycleOutcomeOf(catalogue, s.name, 'capture') || '-', lifecycleOutcomeOf(catalogue, s.name, 'refund') || '-', s.description]);
  return [
    '**Amount triggers** (`captureAmount.value` / `refundAmount.value` in minor units, any currency):', '', table(['value', 'capture', 'refund'], amounts), '',
    '**Scenarios** (each by `x-sandbox-scenario` on the capture or refund call, or pinned):', '', table(['scenario', 'capture', 'refund', 'description'], scenarios),
  ].join('\n');
}

export const DOC_BLOCKS: Record<string, (catalogue: Catalogue) => string> = {
  'test-cards': testCardTable,
  triggers: triggerTables,
  scenarios: scenarioTable,
  'capture-refund': captureRefundTables,
};

/** The page with every generated block replaced; throws when a block's markers are missing. */
export function withDocTables(page: string, catalogue: Catalogue): string {
  let text = page;
  for (const [name, render] of Object.entries(DOC_BLOCKS)) {
    const begin = `<!-- generated:${name} (npm run docs:tables) -->`;
    const end = `<!-- /generated:${name} -->`;
    const start = text.indexOf(begin);
    const stop = text.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`the page lacks the markers ${begin} ... ${end}`);
    text = `${text.slice(0, start + begin.length)}\n${render(catalogue)}\n${text.slice(stop)}`;
  }
  return text;
}
