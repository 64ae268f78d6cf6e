// The schedule's handler for a vaulting's expiry: a 3DS challenge never completed ends the vaulting with
// PROCESS_FAIL at its time (14 minutes after vaultPaymentMethod), stored in the same commit as the removal of
// the entry. A vaulting that finished first is left as it is.
import type { Schedule } from '../clock/schedule.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import { expireVaultingIfDue } from './vaulting.ts';

/** The schedule's kind of a vaulting's expiry; the entry's key is the vaulting's key (vaultingKey). */
export const VAULTING_EXPIRY = 'vaulting-expiry';

export function expireVaultingsOnSchedule(schedule: Schedule, store: SandboxStore): void {
  schedule.on(VAULTING_EXPIRY, (entry) => {
    const vaulting = store.vaultings.get(entry.subjectId);
    const expired = vaulting && expireVaultingIfDue(vaulting, entry.at);
    if (expired) store.vaultings.put(expired);
  });
}
