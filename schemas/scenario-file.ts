// A scenario file (YAML or JSON): named outcomes and the triggers that choose them. The built-in catalogue
// in scenarios/ and a user's --scenarios directory are both written in this shape. Every object is closed
// (additionalProperties: false) so that a misspelt key stops start-up instead of being silently ignored.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from './common.ts';

const closed = { additionalProperties: false } as const;

/** One value or a list of them; a rule field with a list matches any of its values. */
const OneOrMany = <T extends TSchema>(item: T) => Type.Union([item, Type.Array(item, { minItems: 1, maxItems: 10_000 })]);

export const ScenarioName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });
const Code = Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' });
const Message = Type.String({ minLength: 1, maxLength: 256 });
const Description = Type.String({ minLength: 1, maxLength: 500 });
const CardNo = Type.String({ pattern: '^[0-9]{12,19}$' });
const AmountValue = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Brand = Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,31}$' });

export const AVS_CODES = ['Y', 'X', 'A', 'Z', 'W', 'N', 'U', 'R', 'S', 'E', 'G'] as const;
export const CVV_CODES = ['Y', 'D', 'N', 'P', 'U', 'X'] as const;
export const THREE_DS_MODES = ['auto', 'challenge', 'frictionless', 'attempted', 'exempt', 'soft-decline'] as const;
export const FAULT_ANSWERS = ['unknown-exception', 'traffic-limit', 'http-500', 'http-502', 'http-503', 'drop', 'hang'] as const;
/** What a scenario can decide: a pay, or a capture or refund that the core's rules accepted. */
export const SCENARIO_OPERATIONS = ['pay', 'capture', 'refund'] as const;
export type ScenarioOperation = (typeof SCENARIO_OPERATIONS)[number];
export type LifecycleOperation = Exclude<ScenarioOperation, 'pay'>;
/**
 * Which captures (refunds) a capture (refund) outcome is for: all; the first, or a later one (after one that
 * succeeded or is in process); a partial one (less than what is left to capture or refund), or a full one.
 */
export const APPLIES_TO = ['all', 'first', 'later', 'partial', 'full'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

const RefusalDetails = {
  code: Type.Optional(Code),
  message: Type.Optional(Message),
  refusalCodeRaw: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{1,4}$' })),
  refusalReason: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  avs: Type.Optional(StringEnum(AVS_CODES)),
  cvv: Type.Optional(StringEnum(CVV_CODES)),
};

/** A final answer: what a challenge or a delayed issuer ends in. */
export const FinalOutcome = Type.Object({ status: StringEnum(['S', 'F']), ...RefusalDetails }, closed);
export type FinalOutcome = Static<typeof FinalOutcome>;

/** Misbehaviour on the merchant's own call, performed by the HTTP edge. */
export const FaultSpec = Type.Object({
  /** Wall-clock delay before the answer (or before the error, drop or hang). */
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  answer: Type.Optional(StringEnum(FAULT_ANSWERS)),
  /** true (default): the payment is really made, only the answer is lost. false: nothing was processed. */
  processed: Type.Optional(Type.Boolean()),
}, closed);
export type FaultSpec = Static<typeof FaultSpec>;

export const NotificationSpec = Type.Object({
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600_000 })),
  duplicate: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  dropFirst: Type.Optional(Type.Integer({ minimum: 0, maximum: 8 })),
  outOfOrder: Type.Optional(Type.Boolean()),
}, closed);

export const OutcomeSpec = Type.Object({
  /** S success, F failure, U in process at the issuer (settled later). */
  status: StringEnum(['S', 'F', 'U']),
  ...RefusalDetails,
  /** F only: answer like a request check, creating no payment (gateway codes such as PARAM_ILLEGAL do by default). */
  rejectRequest: Type.Optional(Type.Boolean()),
  /** Overrides what is reported about the card. */
  card: Type.Optional(Type.Object({
    funding: Type.Optional(StringEnum(['CREDIT', 'DEBIT', 'PREPAID'])),
    issuingCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    cardBrand: Type.Optional(Brand),
  }, closed)),
  /** How 3D Secure goes; "auto" challenges only when the merchant asks for 3DS. */
  threeDS: Type.Optional(StringEnum(THREE_DS_MODES)),
  threeDSVersion: Type.Optional(StringEnum(['1.0.2', '2.1.0', '2.2.0'])),
  afterChallenge: Type.Optional(Type.Object({
    pass: Type.Optional(FinalOutcome),
    fail: Type.Optional(FinalOutcome),
    cancel: Type.Optional(FinalOutcome),
    /** Wrong one-time codes the buyer may type before the challenge fails (default 3, as issuers allow). */
    codeTries: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  }, closed)),
  /** U only: the issuer answers after this many sandbox-clock ms; without it, only a manual settle or expiry ends it. */
  settleAfterMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 14 * 60_000 - 1 })),
  /** U only: the issuer's later answer (default success). */
  then: Type.Optional(FinalOutcome),
  fault: Type.Optional(FaultSpec),
  notification: Type.Optional(NotificationSpec),
  /** Wallet pays only: a simulated buyer who pays, declines or leaves the wallet this long after pay (sandbox clock). */
  walletBuyer: Type.Optional(Type.Object({
    action: StringEnum(['pay', 'decline', 'abandon']),
    afterMs: Type.Integer({ minimum: 0, maximum: 14 * 60_000 - 1 }),
  }, closed)),
}, closed);
export type OutcomeSpec = Static<typeof OutcomeSpec>;

/** The later answer of a capture or refund that was in process. */
export const LifecycleFinal = Type.Object({ status: StringEnum(['S', 'F']), code: Type.Optional(Code), message: Type.Optional(Message) }, closed);
export type LifecycleFinal = Static<typeof LifecycleFinal>;

/** What a capture (or a refund) that the core's rules accepted ends in. */
export const LifecycleOutcomeSpec = Type.Object({
  /** S success, F failure, U in process (CAPTURE_IN_PROCESS / REFUND_IN_PROCESS), settled later. */
  status: StringEnum(['S', 'F', 'U']),
  code: Type.Optional(Code),
  message: Type.Optional(Message),
  /** F only: refused like a broken rule, so nothing is kept and the request id can be used again. */
  rejectRequest: Type.Optional(Type.Boolean()),
  /** U only: settles after this many sandbox-clock ms; without it, only by hand. */
  settleAfterMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600_000 })),
  /** U only: the later answer (default success). */
  then: Type.Optional(LifecycleFinal),
  /** Which captures (refunds) this is for; for the others the scenario is passed over. Default all. */
  appliesTo: Type.Optional(StringEnum(APPLIES_TO)),
  fault: Type.Optional(FaultSpec),
}, closed);
export type LifecycleOutcomeSpec = Static<typeof LifecycleOutcomeSpec>;

export const ScenarioSpec = Type.Object({
  name: ScenarioName,
  description: Description,
  /** What a pay does: at most one of outcome, sequence and choose. A scenario decides at least one of pay, capture and refund. */
  outcome: Type.Optional(OutcomeSpec),
  /** Successive attempts by the same card or buyer take the steps in turn. */
  sequence: Type.Optional(Type.Object({
    by: StringEnum(['card', 'buyer', 'card-or-buyer']),
    steps: Type.Array(OutcomeSpec, { minItems: 1, maxItems: 100 }),
    afterLast: Type.Optional(StringEnum(['repeat-last', 'cycle'])),
  }, closed)),
  /** One outcome picked at random by weight, from the seeded generator (--seed). */
  choose: Type.Optional(Type.Array(Type.Object({
    weight: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
    outcome: OutcomeSpec,
  }, closed), { minItems: 1, maxItems: 100 })),
  /** What a capture does once the core's rules accept it. */
  capture: Type.Optional(LifecycleOutcomeSpec),
  /** What a refund does once the core's rules accept it. */
  refund: Type.Optional(LifecycleOutcomeSpec),
}, closed);
export type ScenarioSpec = Static<typeof ScenarioSpec>;

/** What a rule looks at. Every field given must match; a list matches any of its values. */
export const MatchSpec = Type.Object({
  cardNo: Type.Optional(OneOrMany(CardNo)),
  binPrefix: Type.Optional(OneOrMany(Type.String({ pattern: '^[0-9]{1,6}$' }))),
  amount: Type.Optional(Type.Object({
    value: Type.Optional(OneOrMany(AmountValue)),
    min: Type.Optional(AmountValue),
    max: Type.Optional(AmountValue),
    currency: Type.Optional(OneOrMany(Currency)),
  }, { ...closed, minProperties: 1 })),
  currency: Type.Optional(OneOrMany(Currency)),
  referenceBuyerId: Type.Optional(OneOrMany(Type.String({ minLength: 1, maxLength: 64 }))),
  clientId: Type.Optional(OneOrMany(Type.String({ minLength: 1, maxLength: 64 }))),
  terminalType: Type.Optional(OneOrMany(StringEnum(['WEB', 'WAP', 'APP', 'MINI_APP']))),
  is3DSAuthentication: Type.Optional(Type.Boolean()),
  enableAuthenticationUpgrade: Type.Optional(Type.Boolean()),
  /** isCardOnFile with no CVV: no buyer is present. */
  merchantInitiated: Type.Optional(Type.Boolean()),
  billingPostalCode: Type.Optional(OneOrMany(Type.String({ minLength: 1, maxLength: 32 }))),
  /** Compared without case and extra spaces with fullName, or with "firstName lastName". */
  cardholderName: Type.Optional(OneOrMany(Type.String({ minLength: 1, maxLength: 128 }))),
  cvvLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  mode: Type.Optional(OneOrMany(StringEnum(['card', 'token', 'hosted', 'wallet']))),
  /** paymentMethod.paymentMethodType: CARD or a wallet (ALIPAY_CN, GCASH...). */
  paymentMethodType: Type.Optional(OneOrMany(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }))),
  /** Which operations the rule decides; default every one its scenario has an outcome for. */
  operation: Type.Optional(OneOrMany(StringEnum(SCENARIO_OPERATIONS))),
}, { ...closed, minProperties: 1 });
export type MatchSpec = Static<typeof MatchSpec>;

export const RuleSpec = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  description: Type.Optional(Description),
  when: MatchSpec,
  scenario: ScenarioName,
  /** Matches only this share of the requests it fits, decided by the seeded generator. */
  probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
}, closed);
export type RuleSpec = Static<typeof RuleSpec>;

export const TestCardSpec = Type.Object({
  cardNo: CardNo,
  /** Checked against the BIN at load, and reported as cardBrand. */
  brand: Type.Optional(Brand),
  funding: Type.Optional(StringEnum(['CREDIT', 'DEBIT', 'PREPAID'])),
  issuingCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  /** Who documents the card: Antom's own sandbox, or this sandbox. */
  source: Type.Optional(StringEnum(['antom', 'sandbox'])),
  description: Type.Optional(Description),
  /** What paying with the card does; none: the default (success), after amount and postal-code triggers. */
  scenario: Type.Optional(ScenarioName),
  /** A dual-branded card: the brands it carries, the first being the default. */
  brands: Type.Optional(Type.Array(Brand, { minItems: 2, maxItems: 4 })),
  /** Brands on the card that this merchant cannot use: choosing one answers SELECTED_CARD_BRAND_NOT_AVAILABLE. */
  unavailableBrands: Type.Optional(Type.Array(Brand, { minItems: 1, maxItems: 4 })),
}, closed);
export type TestCardSpec = Static<typeof TestCardSpec>;

export const AmountTriggerSpec = Type.Object({
  value: AmountValue,
  currency: Type.Optional(Currency),
  scenario: ScenarioName,
  source: Type.Optional(StringEnum(['antom', 'sandbox'])),
  description: Type.Optional(Description),
}, closed);

export const PostalCodeTriggerSpec = Type.Object({
  postalCode: Type.String({ minLength: 1, maxLength: 32 }),
  scenario: ScenarioName,
  description: Type.Optional(Description),
}, closed);

/** Antom's invalid-data triggers: a rule, or a check the core already makes before any scenario. */
export const DataTriggerSpec = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Description,
  source: Type.Optional(StringEnum(['antom', 'sandbox'])),
  when: Type.Optional(MatchSpec),
  scenario: Type.Optional(ScenarioName),
  /** Documentation only: the result code the core's card check gives, with no scenario involved. */
  coreCheck: Type.Optional(Code),
}, closed);

export const ScenarioFile = Type.Object({
  $schema: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  scenarios: Type.Optional(Type.Array(ScenarioSpec, { maxItems: 10_000 })),
  dataTriggers: Type.Optional(Type.Array(DataTriggerSpec, { maxItems: 10_000 })),
  testCards: Type.Optional(Type.Array(TestCardSpec, { maxItems: 10_000 })),
  amountTriggers: Type.Optional(Type.Array(AmountTriggerSpec, { maxItems: 10_000 })),
  postalCodeTriggers: Type.Optional(Type.Array(PostalCodeTriggerSpec, { maxItems: 10_000 })),
  rules: Type.Optional(Type.Array(RuleSpec, { maxItems: 100_000 })),
}, closed);
export type ScenarioFile = Static<typeof ScenarioFile>;
