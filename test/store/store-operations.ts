// The operations the store tests apply, numbered, so a test can work out the state after any prefix of
// them: every 11th deletes its record, the rest write their own number into it.
import type { SandboxStore } from '../../server/store/sandbox-store.ts';

export const RECORDS = 5000;

export function storeOperation(n: number): { id: string; value?: number } {
  const id = `record-${(n * 7919) % RECORDS}`;
  return n % 11 === 0 ? { id } : { id, value: n };
}

/** Applies operation n to the store (durable with its next commit). */
export function applyOperation(store: SandboxStore, n: number): void {
  const op = storeOperation(n);
  if (op.value === undefined) store.settings.delete(op.id);
  else store.settings.put({ id: op.id, value: op.value });
}

/** The records after operations 0 .. count-1. */
export function stateAfter(count: number): Map<string, number> {
  const state = new Map<string, number>();
  for (let n = 0; n < count; n++) {
    const op = storeOperation(n);
    if (op.value === undefined) state.delete(op.id);
    else state.set(op.id, op.value);
  }
  return state;
}
