// The checks of a scenario definition and a test card that its schema cannot state: a code of the wrong
// status for the operation, a field that only another status takes, a test card failing Luhn or naming
// a brand its BIN does not have. Each returns what it found (empty: nothing), in the order it looked.
import type {
  FinalOutcome, LifecycleFinal, LifecycleOperation, LifecycleOutcomeSpec, OutcomeSpec, ScenarioOperation, ScenarioSpec, TestCardSpec,
} from '../../schemas/scenario-file.ts';
import { brandOf, passesLuhn } from '../card/card.ts';
import { isResultCode, RESULT_CODES } from '../api/result-codes.ts';
import { IN_PROCESS_CODE, LIFECYCLE_F_CODES, LIFECYCLE_LATER_F_CODES } from './lifecycle-codes.ts';
import { PAY_F_CODES } from './pay-codes.ts';
import type { Path, PathProblem } from './scenario-problems.ts';

const problem = (path: Path, rule: string): PathProblem => ({ path, rule });

/** The fields of `spec` that are set although only `when` takes them. */
function onlyFor<T extends object>(spec: T, fields: readonly (keyof T & string)[], when: string, path: Path): PathProblem[] {
  return fields.filter((field) => spec[field] !== undefined).map((field) => problem([...path, field], `is only for ${when}`));
}

function checkFinal(final: FinalOutcome, path: Path): PathProblem[] {
  if (final.status !== 'S') return checkFailCode(final.code, path);
  const found: PathProblem[] = [];
  if (final.code !== undefined && final.code !== 'SUCCESS') found.push(problem([...path, 'code'], 'must be SUCCESS (or left out) when status is S'));
  if (final.refusalCodeRaw !== undefined) found.push(problem([...path, 'refusalCodeRaw'], 'is only for status F'));
  return found;
}

function checkFailCode(code: string | undefined, path: Path): PathProblem[] {
  if (code === undefined) return [problem([...path, 'code'], 'is required when status is F')];
  if (!isResultCode(code) || !PAY_F_CODES.includes(code) || RESULT_CODES[code][0] !== 'F') {
    return [problem([...path, 'code'], `must be one of the F codes of pay: ${PAY_F_CODES.join(', ')}`)];
  }
  return [];
}

function checkOutcome(o: OutcomeSpec, path: Path): PathProblem[] {
  const found: PathProblem[] = [];
  if (o.status === 'S') {
    if (o.code !== undefined && o.code !== 'SUCCESS') found.push(problem([...path, 'code'], 'must be SUCCESS (or left out) when status is S'));
    found.push(...onlyFor(o, ['refusalCodeRaw', 'rejectRequest'], 'status F', path));
  } else if (o.status === 'F') {
    found.push(...checkFailCode(o.code, path));
  } else {
    if (o.code !== undefined && o.code !== 'PAYMENT_IN_PROCESS') found.push(problem([...path, 'code'], 'must be PAYMENT_IN_PROCESS (or left out) when status is U; put the later answer in "then"'));
    found.push(...onlyFor(o, ['refusalCodeRaw', 'refusalReason', 'avs', 'cvv', 'threeDS', 'afterChallenge', 'rejectRequest'], 'status S or F; an in-process outcome takes them in "then"', path));
  }
  if (o.status !== 'U') found.push(...onlyFor(o, ['settleAfterMs', 'then'], 'status U', path));
  if (o.then) found.push(...checkFinal(o.then, [...path, 'then']));
  if (o.afterChallenge) {
    if (o.threeDS && !['auto', 'challenge', 'soft-decline'].includes(o.threeDS)) {
      found.push(problem([...path, 'afterChallenge'], 'needs threeDS auto, challenge or soft-decline: only those can lead to a challenge'));
    }
    for (const step of ['pass', 'fail', 'cancel'] as const) {
      const final = o.afterChallenge[step];
      if (final) found.push(...checkFinal(final, [...path, 'afterChallenge', step]));
    }
  }
  if (o.fault?.answer === 'traffic-limit' && o.fault.processed === true) {
    found.push(problem([...path, 'fault', 'processed'], 'must be false for traffic-limit: a request refused for traffic was never processed'));
  }
  return found;
}

function checkLifecycleFinal(final: LifecycleFinal, op: LifecycleOperation, path: Path): PathProblem[] {
  if (final.status === 'S') {
    return final.code !== undefined && final.code !== 'SUCCESS' ? [problem([...path, 'code'], 'must be SUCCESS (or left out) when status is S')] : [];
  }
  if (final.code === undefined || !LIFECYCLE_LATER_F_CODES.includes(final.code as never)) {
    return [problem([...path, 'code'], `must be one of the F codes a ${op} in process can end in: ${LIFECYCLE_LATER_F_CODES.join(', ')}`)];
  }
  return [];
}

function checkLifecycle(o: LifecycleOutcomeSpec, op: LifecycleOperation, path: Path): PathProblem[] {
  const found: PathProblem[] = [];
  if (o.status === 'S') {
    if (o.code !== undefined && o.code !== 'SUCCESS') found.push(problem([...path, 'code'], 'must be SUCCESS (or left out) when status is S'));
  } else if (o.status === 'F') {
    if (o.code === undefined) found.push(problem([...path, 'code'], 'is required when status is F'));
    else if (!LIFECYCLE_F_CODES[op].includes(o.code as never)) found.push(problem([...path, 'code'], `must be one of the F codes of ${op}: ${LIFECYCLE_F_CODES[op].join(', ')}`));
  } else if (o.code !== undefined && o.code !== IN_PROCESS_CODE[op]) {
    found.push(problem([...path, 'code'], `must be ${IN_PROCESS_CODE[op]} (or left out) when status is U; put the later answer in "then"`));
  }
  if (o.status !== 'F') found.push(...onlyFor(o, ['rejectRequest'], 'status F', path));
  if (o.status !== 'U') found.push(...onlyFor(o, ['settleAfterMs', 'then'], 'status U', path));
  if (o.then && o.status === 'U' && o.settleAfterMs === undefined) {
    found.push(problem([...path, 'then'], `needs settleAfterMs: without it the ${op} stays in process until settled by hand, and the settle request says how it ends`));
  }
  if (o.then) found.push(...checkLifecycleFinal(o.then, op, [...path, 'then']));
  if (o.fault?.answer === 'traffic-limit' && o.fault.processed === true) {
    found.push(problem([...path, 'fault', 'processed'], 'must be false for traffic-limit: a request refused for traffic was never processed'));
  }
  return found;
}

export function operationsOf(s: ScenarioSpec): ScenarioOperation[] {
  const ops: ScenarioOperation[] = [];
  if (s.outcome ?? s.sequence ?? s.choose) ops.push('pay');
  if (s.capture) ops.push('capture');
  if (s.refund) ops.push('refund');
  return ops;
}

export function checkScenario(s: ScenarioSpec, path: Path): PathProblem[] {
  const found: PathProblem[] = [];
  const given = (['outcome', 'sequence', 'choose'] as const).filter((k) => s[k] !== undefined);
  if (given.length > 1) found.push(problem(path, `must have only one of outcome, sequence and choose, the pay outcome (has ${given.join(', ')})`));
  if (!operationsOf(s).length) found.push(problem(path, 'must have an outcome for pay (outcome, sequence or choose), for capture or for refund (has none)'));
  if (s.outcome) found.push(...checkOutcome(s.outcome, [...path, 'outcome']));
  s.sequence?.steps.forEach((step, i) => found.push(...checkOutcome(step, [...path, 'sequence', 'steps', i])));
  s.choose?.forEach((option, i) => found.push(...checkOutcome(option.outcome, [...path, 'choose', i, 'outcome'])));
  if (s.capture) found.push(...checkLifecycle(s.capture, 'capture', [...path, 'capture']));
  if (s.refund) found.push(...checkLifecycle(s.refund, 'refund', [...path, 'refund']));
  return found;
}

export function checkTestCard(card: TestCardSpec, path: Path): PathProblem[] {
  const found: PathProblem[] = [];
  if (!passesLuhn(card.cardNo)) found.push(problem([...path, 'cardNo'], 'fails the Luhn check, so pay would refuse it before any scenario'));
  const binBrand = brandOf(card.cardNo);
  if (card.brands) {
    if (!binBrand || !card.brands.includes(binBrand)) found.push(problem([...path, 'brands'], `must include ${binBrand ?? 'the brand of the BIN'}, the brand its BIN names`));
    for (const [i, brand] of (card.unavailableBrands ?? []).entries()) {
      if (!card.brands.includes(brand)) found.push(problem([...path, 'unavailableBrands', i], `${brand} is not one of the card's brands`));
    }
  } else if (card.unavailableBrands) {
    found.push(problem([...path, 'unavailableBrands'], 'is only for a dual-branded card (brands)'));
  }
  if (card.brand && card.brand !== binBrand && !card.brands?.includes(card.brand)) {
    found.push(problem([...path, 'brand'], `must be ${binBrand ?? 'UNKNOWN'}, the brand its BIN names`));
  }
  return found;
}
