// inquireVaulting (POST /v1/vaults/inquireVaulting): how a vaulting went, by vaultingRequestId. The call's
// own result is SUCCESS; vaultingStatus (SUCCESS, FAIL, PROCESSING) is the vaulting's.
import type { InquireVaultingRequest } from '../../schemas/vault.ts';
import { vaultingAsOf, vaultingKey } from './vaulting.ts';
import { refusal, type Operation } from '../operations/context.ts';
import { inquireAnswer } from './vaulting-answers.ts';

export const inquireVaulting: Operation<InquireVaultingRequest> = async (request, ctx) => {
  // Keyed per client: another merchant's vaulting does not exist for this one.
  const vaulting = ctx.store.vaultings.get(vaultingKey(ctx.clientId, request.vaultingRequestId));
  if (!vaulting) return refusal('VAULTING_NOT_EXIST', `no vaulting with vaultingRequestId ${request.vaultingRequestId}`);
  return { answer: inquireAnswer(vaultingAsOf(vaulting, ctx.clock.now())) };
};
