// The checks of a scenario definition and a test card that its schema cannot state: a code of the wrong
// status for the operation, a field that only another status takes, a test card failing Luhn or naming
// a brand its BIN does not have.
import type {
  FinalOutcome, LifecycleFinal, LifecycleOperation, LifecycleOutcomeSpec, OutcomeSpec, ScenarioOperation, ScenarioSpec, TestCardSpec,
} from '../../schemas/scenario-file.ts';
import { brandOf, passesLuhn } from '../card/card.ts';
import { isResultCode, RESULT_CODES } from '../api/result-codes.ts';
import { IN_PROCESS_CODE, LIFECYCLE_F_CODES, LIFECYCLE_LATER_F_CODES } from './lifecycle-codes.ts';
import { PAY_F_CODES } from './pay-codes.ts';
import type { Path, Problems } from './scenario-problems.ts';

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

export function checkScenario(s: ScenarioSpec, path: Path, p: Problems): void {
  const given = (['outcome', 'sequence', 'choose'] as const).filter((k) => s[k] !== undefined);
  if (given.length > 1) p.fail(path, `must have only one of outcome, sequence and choose, the pay outcome (has ${given.join(', ')})`);
  if (!operationsOf(s).length) p.fail(path, 'must have an outcome for pay (outcome, sequence or choose), for capture or for refund (has none)');
  if (s.outcome) checkOutcome(s.outcome, [...path, 'outcome'], p);
  s.sequence?.steps.forEach((step, i) => checkOutcome(step, [...path, 'sequence', 'steps', i], p));
  s.choose?.forEach((option, i) => checkOutcome(option.outcome, [...path, 'choose', i, 'outcome'], p));
  if (s.capture) checkLifecycle(s.capture, 'capture', [...path, 'capture'], p);
  if (s.refund) checkLifecycle(s.refund, 'refund', [...path, 'refund'], p);
}

export function checkTestCard(card: TestCardSpec, path: Path, p: Problems): void {
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
