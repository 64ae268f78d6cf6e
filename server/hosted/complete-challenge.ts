// The 3DS challenge page's answer, for a payment (hosted or server-to-server) or a vaulting. The buyer
// types the one-time code: the documented code passes; a wrong one is refused beside the field until the
// tries are used up (3, or the scenario's afterChallenge.codeTries), as issuers' pages do, and then the
// challenge fails. Or the buyer fails or cancels on purpose. "Abandon" posts nothing: the payment stays
// in process and expires on the sandbox clock.
import { finishVaulting, vaultingAsOf, type VaultingRecord } from '../vault/vaulting.ts';
import { newCardTokenRecord } from '../vault/save-card.ts';
import { DEFAULT_CODE_TRIES, settleChallenge, type ChallengeAction } from '../scenario/three-ds.ts';
import type { HostedDeps } from './hosted-deps.ts';
import { isPageError, pageError, pageErrorOf, type PageError } from './page-error.ts';
import { isRefusal } from '../api/refusal.ts';
import { findPageSubject, refuseUnlessPending } from './page-token.ts';
import { CHALLENGE_PASS_CODE } from './challenge-code.ts';
import type { ChallengePlan, Settlement } from '../payment/types.ts';

export interface ChallengeAnswer { action: ChallengeAction; status: string; location: string }

/** What the page posts: submit with a code (right or wrong), or fail / cancel on purpose. */
export function readChallengeAction(body: unknown): ChallengeAction | 'wrong-code' | PageError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return pageError('BAD_REQUEST', 'the body must be a JSON object');
  const { action, code, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return pageError('BAD_REQUEST', `${extra} is not a field of this form`);
  if (action === 'fail' || action === 'cancel') {
    if (code !== undefined) return pageError('BAD_REQUEST', `a code is not sent with ${action}`);
    return action;
  }
  if (action !== 'submit') return pageError('BAD_REQUEST', 'action must be submit, fail or cancel');
  if (typeof code !== 'string' || code.length > 16) return pageError('BAD_REQUEST', 'code must be a string of at most 16 characters');
  if (!/^\d{4,8}$/.test(code.trim())) return pageError('INVALID_FIELDS', 'Enter the code from the message.', { code: 'Enter the code: 4 to 8 digits.' });
  return code.trim() === CHALLENGE_PASS_CODE ? 'pass' : 'wrong-code';
}

/**
 * A wrong code ends the challenge only once it is the last try: until then it is counted on the payment
 * or vaulting (so a reload does not reset it) and refused beside the field. Undefined: the tries are used
 * up, and the challenge fails.
 */
async function refuseWrongCode<T extends { challengeWrongCodes?: number; challenge?: ChallengePlan }>(
  deps: HostedDeps, record: T, save: (next: T) => void,
): Promise<PageError | undefined> {
  const wrong = (record.challengeWrongCodes ?? 0) + 1;
  const left = (record.challenge?.codeTries ?? DEFAULT_CODE_TRIES) - wrong;
  if (left <= 0) return undefined;
  save({ ...record, challengeWrongCodes: wrong });
  await deps.store.commit();
  return pageError('INVALID_FIELDS', 'That code is not right.', { code: `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` });
}

const VAULT_DEFAULTS: Record<ChallengeAction, Settlement> = {
  pass: { status: 'S' },
  fail: { status: 'F', code: 'PROCESS_FAIL', message: '3D Secure verification failed: the buyer did not pass the challenge.' },
  cancel: { status: 'F', code: 'PROCESS_FAIL', message: 'The buyer cancelled 3D Secure verification.' },
};

async function completeVaulting(deps: HostedDeps, vaulting: VaultingRecord, body: unknown, token: string): Promise<ChallengeAnswer | PageError> {
  if (vaulting.expired) return pageError('PAYMENT_EXPIRED', 'This card verification has expired. Return to the shop to start again.');
  if (vaulting.status !== 'PROCESSING') return pageError('PAYMENT_FINISHED', 'This card verification is already finished.');
  const input = readChallengeAction(body);
  if (isPageError(input)) return input;
  if (input === 'wrong-code') {
    const refused = await refuseWrongCode(deps, vaulting, (next) => deps.store.vaultings.put(next));
    if (refused) return refused;
  }
  const action = input === 'wrong-code' ? 'fail' : input;
  const now = deps.clock.now();
  const settlement = vaulting.challenge?.[action] ?? VAULT_DEFAULTS[action];
  let cardToken: string | undefined;
  if (settlement.status === 'S') {
    const saved = newCardTokenRecord(vaulting.clientId, { facts: vaulting.card, info: vaulting.cardInfo }, now, deps.knowsCard);
    deps.store.cardTokens.put(saved);
    cardToken = saved.cardToken;
  }
  const done = finishVaulting(vaulting, settlement, cardToken, now);
  deps.store.vaultings.put(done);
  await deps.store.commit();
  return { action, status: done.status, location: `/3ds/${token}` };
}

export async function completeChallenge(deps: HostedDeps, token: string, body: unknown): Promise<ChallengeAnswer | PageError> {
  const subject = findPageSubject(deps.store, token);
  if (isPageError(subject)) return subject;
  if (subject.kind === 'vaulting') {
    const vaulting = vaultingAsOf(subject.vaulting, deps.clock.now());
    return completeVaulting(deps, vaulting, body, token);
  }
  const { payment } = subject;
  const notPending = refuseUnlessPending(payment, '3ds-challenge', deps.clock.now());
  if (notPending) return notPending;
  const input = readChallengeAction(body);
  if (isPageError(input)) return input;
  if (input === 'wrong-code') {
    const refused = await refuseWrongCode(deps, payment, (next) => deps.store.payments.put(next));
    if (refused) return refused;
  }
  const action = input === 'wrong-code' ? 'fail' : input;
  const settling = settleChallenge(payment, action);
  if (isRefusal(settling)) return pageErrorOf(settling);
  const after = await deps.payments.dispatch(payment, settling.event);
  if (isRefusal(after)) return pageErrorOf(after);
  return { action, status: after.status, location: `/3ds/${token}` };
}
