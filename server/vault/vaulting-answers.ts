// The answers of vaultPaymentMethod and inquireVaulting, built from the stored vaulting, so a repeat of a
// request (or an inquiry) reports it as it is now: a retry after VERIFICATION_IN_PROCESS finds it settled.
import type { InquireVaultingResponse, VaultedCard, VaultPaymentMethodResponse } from '../../schemas/vault.ts';
import { resultOf } from '../api/result-codes.ts';
import type { VaultingRecord } from './vaulting.ts';

function vaultedCard(vaulting: VaultingRecord): VaultedCard {
  const info = vaulting.cardInfo;
  const card: VaultedCard = {
    maskedCardNo: info.cardNo, brand: info.cardBrand, bin: info.cardBin, lastFour: info.lastFour,
    expiryMonth: info.expiryMonth, expiryYear: info.expiryYear, funding: info.funding, issuingCountry: info.issuingCountry,
  };
  if (vaulting.cardToken) card.cardToken = vaulting.cardToken;
  return card;
}

export function vaultAnswer(vaulting: VaultingRecord): VaultPaymentMethodResponse {
  const answer: VaultPaymentMethodResponse = { result: vaulting.result, vaultingRequestId: vaulting.vaultingRequestId };
  if (vaulting.status === 'FAIL') return answer;
  answer.paymentMethodDetail = { paymentMethodType: 'CARD', card: vaultedCard(vaulting) };
  if (vaulting.status === 'PROCESSING' && vaulting.normalUrl) answer.normalUrl = vaulting.normalUrl;
  return answer;
}

export function inquireAnswer(vaulting: VaultingRecord): InquireVaultingResponse {
  const answer: InquireVaultingResponse = {
    result: resultOf('SUCCESS'),
    vaultingRequestId: vaulting.vaultingRequestId,
    vaultingStatus: vaulting.status,
  };
  if (vaulting.status !== 'FAIL') answer.paymentMethodDetail = { paymentMethodType: 'CARD', card: vaultedCard(vaulting) };
  if (vaulting.status === 'PROCESSING' && vaulting.normalUrl) answer.normalUrl = vaulting.normalUrl;
  return answer;
}
