// A card vaulting (vaultPaymentMethod): the card checked, perhaps verified by a 3DS challenge, then saved
// as a cardToken. Plain data and pure transitions; the operations and the challenge page store the result.
import type { PaymentResultInfo, Result, ThreeDSResult } from '../../schemas/common.ts';
import { resultOf } from '../api/result-codes.ts';
import type { CardFacts } from '../card/types.ts';
import type { ChallengePlan, ScenarioChoice, Settlement } from '../payment/types.ts';

export type VaultingStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL';

/** How long a vaulting waits for its 3DS challenge: as long as Antom keeps an unpaid payment open. */
export const VAULTING_EXPIRY_MS = 14 * 60_000;

export interface VaultingRecord {
  vaultingRequestId: string;
  clientId: string;
  /** The idempotency key fields: the card as shown (masked number, expiry, holder; card/card.ts shownCardKey). */
  fingerprint: string;
  status: VaultingStatus;
  /** The vaulting's own result: SUCCESS, VERIFICATION_IN_PROCESS, or why it failed. */
  result: Result;
  /** What a payment with the token is decided on (no CVV length: a token has none). */
  card: CardFacts;
  /** Masked card data, as paymentResultInfo reports it. */
  cardInfo: PaymentResultInfo;
  cardToken?: string;
  /** Key of the 3DS challenge page while the vaulting waits for it. */
  pageToken?: string;
  normalUrl?: string;
  redirectUrl: string;
  notifyUrl?: string;
  challenge?: ChallengePlan;
  /** Wrong one-time codes typed on the 3DS challenge page so far. */
  challengeWrongCodes?: number;
  threeDSResult?: ThreeDSResult;
  scenario?: ScenarioChoice;
  createdAt: number;
  expiresAt?: number;
  finishedAt?: number;
  /** Set when it ended because its challenge was never completed. */
  expired?: boolean;
}

export const vaultingKey = (clientId: string, vaultingRequestId: string) => `${clientId}\u0000${vaultingRequestId}`;

/** Ends a vaulting: S saves the card under `cardToken`; F keeps no token. */
export function finishVaulting(vaulting: VaultingRecord, settlement: Settlement, cardToken: string | undefined, now: number): VaultingRecord {
  const threeDSResult = settlement.resultInfo?.threeDSResult ?? vaulting.threeDSResult;
  return {
    ...vaulting,
    status: settlement.status === 'S' ? 'SUCCESS' : 'FAIL',
    result: settlement.status === 'S' ? resultOf('SUCCESS') : resultOf(settlement.code, settlement.message),
    cardToken: settlement.status === 'S' ? cardToken : undefined,
    threeDSResult,
    challenge: undefined,
    finishedAt: now,
  };
}

/**
 * A vaulting whose challenge was never completed ends at its expiry (its schedule entry, vaulting-expiry.ts).
 * It ends at that instant, whenever the entry runs, so a read that sees it first (vaultingAsOf) and the
 * stored record agree.
 */
export function expireVaultingIfDue(vaulting: VaultingRecord, now: number): VaultingRecord | undefined {
  if (vaulting.status !== 'PROCESSING' || vaulting.expiresAt === undefined || now < vaulting.expiresAt) return undefined;
  const ended = finishVaulting(vaulting, { status: 'F', code: 'PROCESS_FAIL', message: 'The buyer did not complete 3D Secure verification in time.' }, undefined, vaulting.expiresAt);
  return { ...ended, expired: true };
}

/**
 * A vaulting as a reader must see it now. The schedule runs the expiry just after its instant (a timer's
 * wake-up, a turn of the event loop, or at start for one that fell due while the sandbox was down), and
 * an inquiry or a page read in that gap must already find it expired, as Antom would answer. Reading
 * writes nothing: the schedule's entry stores it.
 */
export const vaultingAsOf = (vaulting: VaultingRecord, now: number): VaultingRecord => expireVaultingIfDue(vaulting, now) ?? vaulting;
