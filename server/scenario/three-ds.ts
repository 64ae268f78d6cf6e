// 3D Secure results as the card networks report them, and what a challenge ends in. Pure.
//
// ECI (electronic commerce indicator): Visa, Amex, JCB, Discover, Diners and UnionPay report 05 fully
// authenticated, 06 attempted, 07 not authenticated; Mastercard and Maestro report 02, 01, 00.
import type { ThreeDSResult } from '../../schemas/common.ts';
import { refuse, type Refusal } from '../api/refusal.ts';
import { randomBytes, randomFor, randomUuid, type Random } from './prng.ts';
import type { ChallengePlan, PaymentEvent, PaymentRecord, Settlement } from '../payment/types.ts';

export type AuthenticationLevel = 'authenticated' | 'attempted' | 'failed';
export type ThreeDSVersion = '1.0.2' | '2.1.0' | '2.2.0';
export type ChallengeAction = 'pass' | 'fail' | 'cancel';

export const DEFAULT_THREE_DS_VERSION: ThreeDSVersion = '2.2.0';
/** Wrong one-time codes a challenge takes before it fails, unless its scenario says otherwise. */
export const DEFAULT_CODE_TRIES = 3;

const MASTERCARD_ECI: Record<AuthenticationLevel, string> = { authenticated: '02', attempted: '01', failed: '00' };
const OTHER_ECI: Record<AuthenticationLevel, string> = { authenticated: '05', attempted: '06', failed: '07' };

export function eciOf(brand: string | undefined, level: AuthenticationLevel): string {
  return (brand === 'MASTERCARD' || brand === 'MAESTRO' ? MASTERCARD_ECI : OTHER_ECI)[level];
}

/**
 * A threeDSResult: the CAVV (the issuer's cryptogram) exists only when authentication succeeded or was
 * attempted; 3DS 2 has a directory-server transaction id, 3DS 1 an XID instead.
 */
export function threeDSResultOf(
  brand: string | undefined, version: ThreeDSVersion, level: AuthenticationLevel, challenged: boolean, random: Random,
): ThreeDSResult {
  const result: ThreeDSResult = { threeDSVersion: version, eci: eciOf(brand, level) };
  if (level !== 'failed') result.cavv = randomBytes(random, 20).toString('base64');
  if (version === '1.0.2') result.xid = randomBytes(random, 20).toString('base64');
  else result.dsTransactionId = randomUuid(random);
  result.challenged = challenged;
  return result;
}

/** With the settlement's resultInfo extended by a threeDSResult. */
export function withThreeDS(settlement: Settlement, threeDSResult: ThreeDSResult): Settlement {
  return { ...settlement, resultInfo: { ...settlement.resultInfo, threeDSResult } };
}

const DEFAULT_FAIL: Settlement = { status: 'F', code: 'PROCESS_FAIL', message: '3D Secure authentication failed: the buyer did not pass the challenge.' };
const DEFAULT_CANCEL: Settlement = { status: 'F', code: 'PROCESS_FAIL', message: 'The buyer cancelled 3D Secure authentication.' };

/**
 * What each end of a challenge leads to. A pass ends in `passed` (the issuer's answer once the buyer is
 * authenticated); a fail or a cancel ends in a failure, with an unauthenticated ECI and no CAVV.
 */
export function planChallenge(options: {
  brand: string | undefined;
  version?: ThreeDSVersion;
  passed: Settlement;
  failed?: Settlement;
  cancelled?: Settlement;
  codeTries?: number;
  random: Random;
}): ChallengePlan {
  const version = options.version ?? DEFAULT_THREE_DS_VERSION;
  const { brand, random } = options;
  return {
    threeDSVersion: version,
    pass: withThreeDS(options.passed, threeDSResultOf(brand, version, 'authenticated', true, random)),
    fail: withThreeDS(options.failed ?? DEFAULT_FAIL, threeDSResultOf(brand, version, 'failed', true, random)),
    cancel: withThreeDS(options.cancelled ?? DEFAULT_CANCEL, threeDSResultOf(brand, version, 'failed', true, random)),
    ...(options.codeTries !== undefined ? { codeTries: options.codeTries } : {}),
  };
}

/**
 * The machine event that ends a payment's pending 3DS challenge, for the challenge page and for
 * POST /_sandbox/payments/:paymentId/challenge, or ORDER_STATUS_INVALID (a value) for a payment not waiting
 * for one. A payment without a stored plan (one whose challenge was not planned by the engine) passes into
 * a plain success.
 */
export function settleChallenge(payment: PaymentRecord, action: ChallengeAction): { event: PaymentEvent; threeDSResult?: ThreeDSResult } | Refusal {
  if (payment.status !== 'PROCESSING' || payment.pendingStep !== '3ds-challenge') {
    return refuse('ORDER_STATUS_INVALID', `payment ${payment.paymentId} is ${payment.status}${payment.pendingStep ? ` (${payment.pendingStep})` : ''}, not waiting for a 3DS challenge`);
  }
  const plan = payment.challenge ?? planChallenge({
    brand: payment.resultInfo?.cardBrand, passed: { status: 'S' }, random: randomFor(0, 'challenge', payment.paymentId),
  });
  const settlement = plan[action];
  return { event: { type: 'settle', settlement }, threeDSResult: settlement.resultInfo?.threeDSResult };
}
