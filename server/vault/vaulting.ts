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
  /** sha256 of the idempotency key fields (card number and expiry); never the number itself. */
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

/** A vaulting whose challenge was never completed ends at its expiry, when it is next looked at. */
export function expireVaultingIfDue(vaulting: VaultingRecord, now: number): VaultingRecord | undefined {
  if (vaulting.status !== 'PROCESSING' || vaulting.expiresAt === undefined || now < vaulting.expiresAt) return undefined;
  const ended = finishVaulting(vaulting, { status: 'F', code: 'PROCESS_FAIL', message: 'The buyer did not complete 3D Secure verification in time.' }, undefined, now);
  return { ...ended, expired: true };
}
