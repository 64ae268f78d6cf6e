// inquireVaulting (POST /v1/vaults/inquireVaulting): how a vaulting went, by vaultingRequestId. The call's
// own result is SUCCESS; vaultingStatus (SUCCESS, FAIL, PROCESSING) is the vaulting's.
import type { InquireVaultingRequest } from '../../schemas/vault.ts';
import { SandboxError } from '../api/result-codes.ts';
import { validate } from '../api/validate.ts';
import { vaultingKey } from './vaulting.ts';
import type { Operation } from '../operations/context.ts';
import { currentVaulting } from './vault-payment-method.ts';
import { inquireAnswer } from './vaulting-answers.ts';

export const inquireVaulting: Operation = async (body, ctx) => {
  const request = validate<InquireVaultingRequest>('InquireVaultingRequest', body);
  // Keyed per client: another merchant's vaulting does not exist for this one.
  const vaulting = ctx.store.vaultings.get(vaultingKey(ctx.clientId, request.vaultingRequestId));
  if (!vaulting) throw new SandboxError('VAULTING_NOT_EXIST', `no vaulting with vaultingRequestId ${request.vaultingRequestId}`);
  return inquireAnswer(await currentVaulting(ctx, vaulting));
};
