// Payment and notification events come from the store itself: every change to a payment or a
// notification, whatever made it (a merchant call, a timer, the hosted page, the control plane), is
// seen here. Changes are gathered for one turn of the event loop, so a call that writes a payment three
// times sends one event with its final state.
import type { PaymentRecord } from '../payment/types.ts';
import type { NotificationRecord } from '../notify/notification.ts';
import type { SandboxStore } from '../store/sandbox-store.ts';
import type { EventBus } from './event-bus.ts';

export function paymentEventOf(payment: PaymentRecord) {
  return {
    paymentId: payment.paymentId, paymentRequestId: payment.paymentRequestId, clientId: payment.clientId, status: payment.status,
    amount: payment.paymentAmount, ...(payment.pendingStep ? { pendingStep: payment.pendingStep } : {}),
  };
}

export function notificationEventOf(notification: NotificationRecord) {
  const last = notification.attempts[notification.attempts.length - 1];
  return {
    id: notification.id, notifyType: notification.notifyType, paymentId: notification.paymentId, status: notification.status,
    attemptCount: notification.attempts.length,
    ...(last ? { lastAttempt: { number: last.number, kind: last.kind, delivered: last.delivered, ...(last.responseStatus ? { responseStatus: last.responseStatus } : {}) } } : {}),
  };
}

export function publishStoreChanges(store: SandboxStore, bus: EventBus): void {
  const payments = new Set<string>();
  const notifications = new Set<string>();
  let pending = false;
  const flush = () => {
    pending = false;
    for (const id of payments) {
      const payment = store.payments.get(id);
      if (payment) bus.publish('payment', paymentEventOf(payment));
    }
    for (const id of notifications) {
      const notification = store.notifications.get(id);
      if (notification) bus.publish('notification', notificationEventOf(notification));
    }
    payments.clear();
    notifications.clear();
  };
  const note = (ids: Set<string>) => (id: string) => {
    if (!bus.active) return;
    ids.add(id);
    if (!pending) {
      pending = true;
      setImmediate(flush);
    }
  };
  store.payments.watch(note(payments));
  store.notifications.watch(note(notifications));
}
