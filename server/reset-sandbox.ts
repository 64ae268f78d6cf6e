// POST /_sandbox/reset: back to an empty sandbox without a restart. Payments and everything hanging off
// them (captures, refunds, timers, notifications, saved cards, vaultings), the request journal, the pins
// and the notification fault switch go; merchants, keys, scenario files and the clock stay. Clock tasks
// already queued for wiped rows find nothing and do nothing.
import type { SandboxCore } from './sandbox-core.ts';

export interface ResetCounts { payments: number; notifications: number; requests: number; pins: number }

export async function resetSandbox(core: SandboxCore): Promise<ResetCounts> {
  const { store } = core;
  const counts = {
    payments: store.payments.size,
    notifications: store.notifications.size,
    requests: core.journal.clear(),
    pins: core.scenarios.activePins(core.clock.now()).length,
  };
  core.schedule.stop();
  core.notifications.forgetAll();
  for (const table of [store.payments, store.captures, store.refunds, store.timers, store.notifications, store.cardTokens, store.vaultings]) table.clear();
  core.scenarios.reset();
  await store.commit();
  core.events.publish('reset', { at: new Date(core.clock.now()).toISOString() });
  return counts;
}
