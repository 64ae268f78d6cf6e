// Which faults a new notification carries: the control plane's fault switch while it is on (for its next
// `remaining` notifications, or all), else the scenario's; and which faults hold it back on purpose.
import type { NotificationFaults } from '../payment/types.ts';
import type { NotificationRecord } from './notification.ts';

/** Faults switched on from the control plane: applied to the next `remaining` notifications (all, if unset). */
export interface FaultSwitch extends NotificationFaults { remaining?: number }

/** The faults of the next notification, and the switch as it is after it (off once its count is used up). */
export function takeFaults(
  sw: FaultSwitch | undefined, fromScenario: NotificationFaults | undefined,
): { faults: NotificationRecord['faults']; switchAfter: FaultSwitch | undefined } {
  if (sw && (sw.remaining === undefined || sw.remaining > 0)) {
    const { remaining, ...faults } = sw;
    const switchAfter = remaining === undefined ? sw : remaining > 1 ? { ...sw, remaining: remaining - 1 } : undefined;
    return { faults: { ...faults, dropsLeft: faults.dropFirst, source: 'control-plane' }, switchAfter };
  }
  return { faults: fromScenario && { ...fromScenario, dropsLeft: fromScenario.dropFirst, source: 'scenario' }, switchAfter: sw };
}

/** Held back on purpose by a fault: it neither waits for earlier notifications nor holds later ones. */
export function heldBack(record: NotificationRecord): boolean {
  return (record.faults?.delayMs ?? 0) > 0 || record.faults?.outOfOrder === true;
}
