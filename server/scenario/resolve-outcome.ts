// From a scenario's outcome (data) to the PayOutcome the pipeline carries out, given the pay it answers.
// This is where the request's own flags play their part: is3DSAuthentication, enableAuthenticationUpgrade,
// a merchant-initiated payment with no buyer present, the billing address (AVS) and the CVV. Pure.
import type { PaymentResultInfo } from '../../schemas/common.ts';
import type { FaultSpec, FinalOutcome, OutcomeSpec } from '../../schemas/scenario-file.ts';
import type { PayDecisionInput } from './decide-pay-outcome.ts';
import { PROCESSING_EXPIRY_MS } from '../payment/open-payment.ts';
import type { ResultCode } from '../api/result-codes.ts';
import type { CardProfile } from './compile-catalogue.ts';
import type { RequestFacts } from './match-rules.ts';
import { REQUEST_CHECK_CODES } from './pay-codes.ts';
import type { Random } from './prng.ts';
import { planChallenge, threeDSResultOf, type ThreeDSVersion } from './three-ds.ts';
import type { MerchantCallFault, PayOutcome, ScenarioChoice, Settlement } from '../payment/types.ts';

export interface ResolveContext {
  input: PayDecisionInput;
  facts: RequestFacts;
  /** The test card's profile, if the card is one; its brand already reflects a dual-branded card's choice. */
  profile?: CardProfile;
  choice: ScenarioChoice;
  random: Random;
}

/** Visa's "additional customer authentication required" response: the soft decline behind 3DS retries. */
const SOFT_DECLINE_CODE = '1A';
const AUTH_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function cardReport(spec: OutcomeSpec, ctx: ResolveContext): PaymentResultInfo {
  const info: PaymentResultInfo = {};
  const brand = spec.card?.cardBrand ?? ctx.profile?.brand;
  if (brand) info.cardBrand = brand;
  const funding = spec.card?.funding ?? ctx.profile?.funding;
  if (funding) info.funding = funding;
  const country = spec.card?.issuingCountry ?? ctx.profile?.issuingCountry;
  if (country) info.issuingCountry = country;
  return info;
}

/** AVS "Y" when a postal code was given and "U" (unavailable) otherwise; CVV "Y" when sent, "P" (not processed) otherwise. */
function checks(spec: { avs?: string; cvv?: string }, ctx: ResolveContext): PaymentResultInfo {
  return {
    avsResultRaw: spec.avs ?? (ctx.facts.postalCode ? 'Y' : 'U'),
    cvvResultRaw: spec.cvv ?? (ctx.facts.cvvLength ? 'Y' : 'P'),
  };
}

/** Six characters, as issuers' approval codes are. */
export function authorizationCode(random: Random): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += AUTH_CODE_ALPHABET[Math.floor(random() * AUTH_CODE_ALPHABET.length)];
  return code;
}

/** A final S or F answer, with everything the issuer reports alongside it. */
function settlementOf(final: FinalOutcome, spec: OutcomeSpec, ctx: ResolveContext): Settlement {
  const resultInfo: PaymentResultInfo = { ...cardReport(spec, ctx), ...checks(final, ctx) };
  if (final.status === 'S') return { status: 'S', resultInfo: { ...resultInfo, authorizationCode: authorizationCode(ctx.random) } };
  if (final.refusalCodeRaw) resultInfo.refusalCodeRaw = final.refusalCodeRaw;
  if (final.refusalReason) resultInfo.refusalReason = final.refusalReason;
  return { status: 'F', code: final.code as ResultCode, message: final.message, resultInfo };
}

export function faultOf(spec: FaultSpec | undefined): MerchantCallFault | undefined {
  if (!spec) return undefined;
  return { ...spec, processed: spec.processed ?? spec.answer !== 'traffic-limit' };
}

function withNote(choice: ScenarioChoice, note: string): ScenarioChoice {
  return { ...choice, reason: `${choice.reason}; ${note}` };
}

type Authentication =
  | { kind: 'none'; note?: string }
  | { kind: 'frictionless'; level: 'authenticated' | 'attempted' }
  | { kind: 'challenge'; note: string }
  | { kind: 'decline'; message: string; note: string };

/** How 3D Secure goes for this pay, from the scenario's threeDS and the request's flags. */
function authenticationOf(spec: OutcomeSpec, facts: RequestFacts): Authentication {
  const mode = spec.threeDS ?? 'auto';
  // A merchant-initiated payment has no buyer to challenge: what needs a challenge declines instead.
  const noBuyer = { kind: 'decline', message: '3D Secure authentication is required, but a merchant-initiated payment has no buyer present to authenticate.', note: 'merchant-initiated: no buyer to challenge, so it declines' } as const;
  switch (mode) {
    case 'auto':
      if (!facts.is3DS) return { kind: 'none' };
      if (spec.status === 'F') return { kind: 'none', note: 'declined before 3DS' };
      return facts.mit ? noBuyer : { kind: 'challenge', note: 'is3DSAuthentication asked for 3DS: the buyer is challenged first' };
    case 'challenge':
      return facts.mit ? noBuyer : { kind: 'challenge', note: 'the issuer requires a 3DS challenge' };
    case 'frictionless':
    case 'attempted':
      return facts.mit ? { kind: 'none', note: 'merchant-initiated: no 3DS' } : { kind: 'frictionless', level: mode === 'attempted' ? 'attempted' : 'authenticated' };
    case 'exempt':
      return { kind: 'none', note: facts.is3DS ? 'a 3DS exemption applies: no challenge' : undefined };
    case 'soft-decline':
      if (facts.mit) return noBuyer;
      if (facts.is3DS) return { kind: 'challenge', note: 'the issuer wants 3DS, which the merchant asked for: the buyer is challenged' };
      if (facts.upgrade) return { kind: 'challenge', note: 'the issuer soft-declined a non-3DS attempt; enableAuthenticationUpgrade retries it as a 3DS challenge' };
      return {
        kind: 'decline',
        message: 'The issuer requires 3D Secure authentication; retry with is3DSAuthentication or enableAuthenticationUpgrade.',
        note: 'the issuer soft-declined a non-3DS attempt, and enableAuthenticationUpgrade is off',
      };
  }
}

/** The moment a pay in process would close (14 minutes, or paymentExpiryTime). */
function expiryOf(input: PayDecisionInput): number {
  const { paymentExpiryTime } = input.request;
  return paymentExpiryTime ? Date.parse(paymentExpiryTime) : input.now + PROCESSING_EXPIRY_MS;
}

export function resolveOutcome(spec: OutcomeSpec, ctx: ResolveContext): PayOutcome {
  const base = { scenario: ctx.choice, notification: spec.notification, fault: faultOf(spec.fault), walletBuyer: spec.walletBuyer };
  const brand = spec.card?.cardBrand ?? ctx.profile?.brand ?? ctx.input.card?.brand;

  if (spec.status === 'U') {
    const settlement = settlementOf(spec.then ?? { status: 'S' }, spec, ctx);
    let { settleAfterMs } = spec;
    let choice = ctx.choice;
    // An answer due after the payment expires never comes: the expiry closes the payment first.
    if (settleAfterMs !== undefined && ctx.input.now + settleAfterMs >= expiryOf(ctx.input)) {
      choice = withNote(choice, `the issuer's answer (due in ${settleAfterMs} ms) would come after the payment expires, so it is not scheduled`);
      settleAfterMs = undefined;
    }
    return {
      ...base, scenario: choice, status: 'U', pendingStep: 'issuer', resultInfo: cardReport(spec, ctx),
      ...(settleAfterMs !== undefined ? { settleAfterMs, settlement } : {}),
    };
  }

  // Past the U branch, the outcome itself is the final answer.
  const final = settlementOf(spec as FinalOutcome, spec, ctx);
  if (final.status === 'F') {
    const rejectRequest = spec.rejectRequest ?? REQUEST_CHECK_CODES.has(final.code);
    if (rejectRequest) return { ...base, status: 'F', code: final.code, message: final.message, rejectRequest: true };
  }
  const auth = authenticationOf(spec, ctx.facts);
  switch (auth.kind) {
    case 'decline': {
      // The issuer never approved: no authorization code, whatever the scenario would have answered.
      const { authorizationCode: _approval, ...reported } = final.resultInfo ?? {};
      return {
        ...base, scenario: withNote(ctx.choice, auth.note), status: 'F', code: 'AUTHENTICATION_REQUIRED', message: auth.message,
        resultInfo: { ...reported, refusalCodeRaw: SOFT_DECLINE_CODE },
      };
    }
    case 'challenge': {
      const afterwards = spec.afterChallenge;
      const challenge = planChallenge({
        brand,
        version: spec.threeDSVersion as ThreeDSVersion | undefined,
        passed: afterwards?.pass ? settlementOf(afterwards.pass, spec, ctx) : final,
        failed: afterwards?.fail && settlementOf(afterwards.fail, spec, ctx),
        cancelled: afterwards?.cancel && settlementOf(afterwards.cancel, spec, ctx),
        codeTries: afterwards?.codeTries,
        random: ctx.random,
      });
      return { ...base, scenario: withNote(ctx.choice, auth.note), status: 'U', pendingStep: '3ds-challenge', resultInfo: cardReport(spec, ctx), challenge };
    }
    case 'frictionless': {
      const threeDSResult = threeDSResultOf(brand, (spec.threeDSVersion ?? '2.2.0') as ThreeDSVersion, auth.level, false, ctx.random);
      const resultInfo = { ...final.resultInfo, threeDSResult };
      return final.status === 'S' ? { ...base, status: 'S', resultInfo } : { ...base, status: 'F', code: final.code, message: final.message, resultInfo };
    }
    case 'none': {
      const scenario = auth.note ? withNote(ctx.choice, auth.note) : ctx.choice;
      return final.status === 'S'
        ? { ...base, scenario, status: 'S', resultInfo: final.resultInfo }
        : { ...base, scenario, status: 'F', code: final.code, message: final.message, resultInfo: final.resultInfo };
    }
  }
}
