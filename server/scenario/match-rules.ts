// Rules: what a trigger looks at, compiled once into a predicate, and an index so that choosing among many
// rules costs a few map lookups rather than a scan. Pure; no I/O.
import { createHash } from 'node:crypto';
import type { Amount } from '../../schemas/common.ts';
import type { MatchSpec, ScenarioOperation } from '../../schemas/scenario-file.ts';
import type { PayDecisionInput } from './decide-pay-outcome.ts';
import type { PayMode, PaymentRecord, ScenarioSource } from '../payment/types.ts';

/** What the rules look at, read once from a pay. Never the full card number or the CVV. */
export interface RequestFacts {
  mode: PayMode;
  clientId: string;
  /** sha256 of the card number (CardFacts.fingerprint). */
  fingerprint?: string;
  bin?: string;
  amountValue: string;
  currency: string;
  buyerId?: string;
  terminalType: string;
  /** CARD or the wallet's paymentMethodType. */
  paymentMethodType: string;
  is3DS: boolean;
  upgrade: boolean;
  /** Merchant-initiated: isCardOnFile and no CVV, so no buyer is there to authenticate. */
  mit: boolean;
  postalCode?: string;
  names: string[];
  /** Only for card data sent with this pay (a saved card's CVV length says nothing about this one). */
  cvvLength?: number;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const normalisePostalCode = (code: string) => code.replace(/\s+/g, '').toUpperCase();
export const normaliseName = (name: string) => name.trim().replace(/\s+/g, ' ').toUpperCase();

export function factsOf(input: PayDecisionInput): RequestFacts {
  const { request, card } = input;
  const meta = request.paymentMethod.paymentMethodMetaData;
  const holder = meta?.cardholderName;
  const names = new Set<string>();
  if (holder?.fullName) names.add(normaliseName(holder.fullName));
  if (holder?.firstName || holder?.lastName) names.add(normaliseName(`${holder.firstName ?? ''} ${holder.lastName ?? ''}`));
  if (holder?.middleName) names.add(normaliseName(`${holder.firstName ?? ''} ${holder.middleName} ${holder.lastName ?? ''}`));
  const zip = meta?.billingAddress?.zipCode;
  return {
    mode: input.mode,
    clientId: input.clientId,
    fingerprint: card?.fingerprint,
    bin: card?.bin,
    amountValue: request.paymentAmount.value,
    currency: request.paymentAmount.currency,
    buyerId: request.order.buyer?.referenceBuyerId,
    terminalType: request.env.terminalType,
    paymentMethodType: request.paymentMethod.paymentMethodType,
    is3DS: meta?.is3DSAuthentication === true,
    upgrade: meta?.enableAuthenticationUpgrade === true,
    mit: input.mode !== 'hosted' && meta?.isCardOnFile === true && !meta.cvv,
    postalCode: zip ? normalisePostalCode(zip) : undefined,
    names: [...names],
    cvvLength: input.mode === 'card' ? card?.cvvLength : undefined,
  };
}

/** Rule keys only a pay can be matched on: a capture or refund carries no card data, CVV, 3DS flags or address. */
export const PAY_ONLY_KEYS = [
  'cardNo', 'is3DSAuthentication', 'enableAuthenticationUpgrade', 'merchantInitiated', 'billingPostalCode', 'cardholderName', 'cvvLength',
] as const satisfies readonly (keyof MatchSpec)[];
/** What a capture or refund rule can look at: its own amount, and the merchant and payment it belongs to. */
export const LIFECYCLE_KEYS = ['clientId', 'amount', 'currency', 'binPrefix', 'referenceBuyerId', 'terminalType', 'mode', 'paymentMethodType', 'operation'] as const satisfies readonly (keyof MatchSpec)[];

/**
 * The facts of a capture or refund: its own amount and currency; the BIN, buyer, terminal and mode of the
 * payment it belongs to. What only a pay has is left empty, and rules that need it never reach this layer.
 */
export function lifecycleFactsOf(clientId: string, payment: Readonly<PaymentRecord>, amount: Amount): RequestFacts {
  return {
    mode: payment.mode,
    clientId,
    bin: payment.resultInfo?.cardBin,
    amountValue: amount.value,
    currency: amount.currency,
    buyerId: payment.referenceBuyerId,
    terminalType: payment.terminalType ?? '',
    paymentMethodType: payment.wallet?.paymentMethodType ?? 'CARD',
    is3DS: false,
    upgrade: false,
    mit: false,
    names: [],
  };
}

export const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Amounts are digit strings of up to 16 digits: compare by length, then as text (no float rounding). */
export function compareAmounts(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

type Test = (facts: RequestFacts) => boolean;

function oneOf(values: string[], read: (f: RequestFacts) => string | undefined): Test {
  if (values.length === 1) {
    const only = values[0];
    return (f) => read(f) === only;
  }
  const set = new Set(values);
  return (f) => {
    const value = read(f);
    return value !== undefined && set.has(value);
  };
}

/** Compiles a rule's `when` into one predicate. Card numbers are compared as sha256 fingerprints. */
export function compileMatch(when: MatchSpec): Test {
  const tests: Test[] = [];
  const cards = list(when.cardNo).map(sha256);
  if (cards.length) tests.push(oneOf(cards, (f) => f.fingerprint));
  const bins = list(when.binPrefix);
  if (bins.length) tests.push((f) => f.bin !== undefined && bins.some((prefix) => f.bin!.startsWith(prefix)));
  const { amount } = when;
  if (amount?.value !== undefined) tests.push(oneOf(list(amount.value), (f) => f.amountValue));
  if (amount?.currency !== undefined) tests.push(oneOf(list(amount.currency), (f) => f.currency));
  if (when.currency !== undefined) tests.push(oneOf(list(when.currency), (f) => f.currency));
  if (when.referenceBuyerId !== undefined) tests.push(oneOf(list(when.referenceBuyerId), (f) => f.buyerId));
  if (when.clientId !== undefined) tests.push(oneOf(list(when.clientId), (f) => f.clientId));
  if (when.terminalType !== undefined) tests.push(oneOf(list(when.terminalType), (f) => f.terminalType));
  if (when.mode !== undefined) tests.push(oneOf(list(when.mode), (f) => f.mode));
  if (when.paymentMethodType !== undefined) tests.push(oneOf(list(when.paymentMethodType), (f) => f.paymentMethodType));
  if (when.is3DSAuthentication !== undefined) { const v = when.is3DSAuthentication; tests.push((f) => f.is3DS === v); }
  if (when.enableAuthenticationUpgrade !== undefined) { const v = when.enableAuthenticationUpgrade; tests.push((f) => f.upgrade === v); }
  if (when.merchantInitiated !== undefined) { const v = when.merchantInitiated; tests.push((f) => f.mit === v); }
  if (when.billingPostalCode !== undefined) tests.push(oneOf(list(when.billingPostalCode).map(normalisePostalCode), (f) => f.postalCode));
  if (when.cardholderName !== undefined) {
    const names = new Set(list(when.cardholderName).map(normaliseName));
    tests.push((f) => f.names.some((n) => names.has(n)));
  }
  if (when.cvvLength !== undefined) { const v = when.cvvLength; tests.push((f) => f.cvvLength === v); }
  // Ranges last: the exact fields above rule most pays out more cheaply.
  if (amount?.min !== undefined) { const min = amount.min; tests.push((f) => compareAmounts(f.amountValue, min) >= 0); }
  if (amount?.max !== undefined) { const max = amount.max; tests.push((f) => compareAmounts(f.amountValue, max) <= 0); }
  if (tests.length === 1) return tests[0]!;
  return (f) => {
    for (const test of tests) if (!test(f)) return false;
    return true;
  };
}

export type RuleKind = 'data-trigger' | 'test-card' | 'amount' | 'postal-code' | 'rule';

export const SOURCE_OF_KIND: Record<RuleKind, ScenarioSource> = {
  'data-trigger': 'data-trigger', 'test-card': 'test-card', amount: 'amount', 'postal-code': 'postal-code', rule: 'rule',
};

export interface CompiledRule {
  /** Global load order: among matching rules of a layer, the lowest wins. */
  order: number;
  kind: RuleKind;
  builtIn: boolean;
  scenario: string;
  /** How the rule is named in reasons, e.g. "amount 11" or 'rule "vip" (rules.yaml:4)'. */
  label: string;
  /** "file:line" of the rule. */
  origin: string;
  when: MatchSpec;
  probability?: number;
  test: Test;
  /** Which operations it decides (its index layers): see compile-catalogue.ts. */
  operations: ScenarioOperation[];
}

/**
 * Rules of one layer, each filed under its most selective exact field (card, postal code, buyer, amount,
 * BIN prefix, client, cardholder name, currency, terminal type), or in a short list that is always tried
 * (only flags, ranges without a currency, CVV length). A pay looks up only its own keys.
 */
export class RuleIndex {
  private readonly byCard = new Map<string, CompiledRule[]>();
  private readonly byPostal = new Map<string, CompiledRule[]>();
  private readonly byBuyer = new Map<string, CompiledRule[]>();
  private readonly byAmount = new Map<string, CompiledRule[]>();
  private readonly byBin = new Map<string, CompiledRule[]>();
  private readonly byClient = new Map<string, CompiledRule[]>();
  private readonly byName = new Map<string, CompiledRule[]>();
  private readonly byCurrency = new Map<string, CompiledRule[]>();
  private readonly byTerminal = new Map<string, CompiledRule[]>();
  private readonly scan: CompiledRule[] = [];
  size = 0;

  /** Whether a rule of this layer names the card with this fingerprint (its number is in a scenario file). */
  hasCard(fingerprint: string): boolean {
    return this.byCard.has(fingerprint);
  }

  add(rule: CompiledRule): void {
    this.size++;
    const { when } = rule;
    const file = (map: Map<string, CompiledRule[]>, keys: string[]) => {
      for (const key of new Set(keys)) {
        const bucket = map.get(key);
        if (bucket) bucket.push(rule);
        else map.set(key, [rule]);
      }
    };
    if (when.cardNo !== undefined) file(this.byCard, list(when.cardNo).map(sha256));
    else if (when.billingPostalCode !== undefined) file(this.byPostal, list(when.billingPostalCode).map(normalisePostalCode));
    else if (when.referenceBuyerId !== undefined) file(this.byBuyer, list(when.referenceBuyerId));
    else if (when.amount?.value !== undefined) file(this.byAmount, list(when.amount.value));
    else if (when.binPrefix !== undefined) file(this.byBin, list(when.binPrefix));
    else if (when.clientId !== undefined) file(this.byClient, list(when.clientId));
    else if (when.cardholderName !== undefined) file(this.byName, list(when.cardholderName).map(normaliseName));
    else if (when.currency !== undefined) file(this.byCurrency, list(when.currency));
    else if (when.amount?.currency !== undefined) file(this.byCurrency, list(when.amount.currency));
    else if (when.terminalType !== undefined) file(this.byTerminal, list(when.terminalType));
    else this.scan.push(rule);
  }

  /** The first rule (in load order) that matches and that `accept` lets through (a rule's probability). */
  firstMatch(facts: RequestFacts, accept: (rule: CompiledRule) => boolean): CompiledRule | undefined {
    let best: CompiledRule | undefined;
    const consider = (bucket: CompiledRule[] | undefined) => {
      if (!bucket) return;
      // Buckets are in load order, so the first match in a bucket is that bucket's best.
      for (const rule of bucket) {
        if (best && rule.order >= best.order) return;
        if (rule.test(facts) && accept(rule)) {
          best = rule;
          return;
        }
      }
    };
    if (facts.fingerprint !== undefined) consider(this.byCard.get(facts.fingerprint));
    if (facts.postalCode !== undefined) consider(this.byPostal.get(facts.postalCode));
    if (facts.buyerId !== undefined) consider(this.byBuyer.get(facts.buyerId));
    consider(this.byAmount.get(facts.amountValue));
    if (facts.bin !== undefined && this.byBin.size > 0) {
      for (let length = 1; length <= facts.bin.length; length++) consider(this.byBin.get(facts.bin.slice(0, length)));
    }
    consider(this.byClient.get(facts.clientId));
    if (this.byName.size > 0) for (const name of facts.names) consider(this.byName.get(name));
    consider(this.byCurrency.get(facts.currency));
    consider(this.byTerminal.get(facts.terminalType));
    consider(this.scan);
    return best;
  }
}
