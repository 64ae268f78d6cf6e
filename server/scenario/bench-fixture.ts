// A scenario file of N rules for the benchmark ("pay through the engine with 200 rules loaded"). None of
// them matches the bench's pay (card 4054695723100768, EUR 30000, terminal WEB, no buyer, no billing
// address), so pay still succeeds and the cost measured is the engine looking, not a different outcome.
// The rules cover every kind of key the index files rules under, and a fifth of them have no exact key at
// all (flags, an amount range without a currency), so they are tried on every pay: the engine's worst case.
//
//   createSandbox({ scenarioData: [benchScenarioFile(200)] })            // in memory
//   await writeBenchScenarioDir(dir, 200); createSandbox({ scenarioDirs: [dir] })   // as files, like --scenarios
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RuleSpec, ScenarioFile } from '../../schemas/scenario-file.ts';

const OUTCOMES = ['DO_NOT_HONOR', 'RISK_REJECT', 'USER_BALANCE_NOT_ENOUGH', '3ds-challenge', 'in-process-then-success', 'avs-N', 'http-502', 'flaky-issuer'];

/** A Luhn-valid 16-digit Mastercard-range number per index (never the bench's Visa card). */
function cardNumber(index: number): string {
  const body = `52${String(index).padStart(13, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function ruleFor(i: number): RuleSpec {
  const scenario = OUTCOMES[i % OUTCOMES.length]!;
  const name = `bench-${i}`;
  switch (i % 10) {
    case 0: return { name, when: { cardNo: cardNumber(i) }, scenario };
    case 1: return { name, when: { binPrefix: `5${String(10_000 + i).slice(-5)}` }, scenario };
    case 2: return { name, when: { amount: { value: String(100_000 + i), currency: 'USD' } }, scenario };
    case 3: return { name, when: { amount: { min: String(1_000_000 + i), max: String(2_000_000 + i) }, currency: 'JPY' }, scenario };
    case 4: return { name, when: { referenceBuyerId: `bench-buyer-${i}` }, scenario };
    case 5: return { name, when: { clientId: `BENCH_OTHER_${i}` }, scenario };
    case 6: return { name, when: { billingPostalCode: String(10_000 + i) }, scenario };
    case 7: return { name, when: { cardholderName: `Bench Person ${i}` }, scenario };
    case 8: return { name, when: { is3DSAuthentication: true, merchantInitiated: false, cvvLength: 4 }, scenario, probability: 0.5 };
    default: return { name, when: { amount: { max: String(500 + i) }, mode: ['card', 'token'] }, scenario };
  }
}

export function benchScenarioFile(count = 200): ScenarioFile {
  return {
    description: `${count} rules that never match the bench's pay`,
    rules: Array.from({ length: count }, (_, i) => ruleFor(i)),
  };
}

/** Writes the same rules as a YAML file in `dir` (made if missing) and returns the directory. */
export async function writeBenchScenarioDir(dir: string, count = 200): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'bench-rules.yaml'), stringify(benchScenarioFile(count)));
  return dir;
}
