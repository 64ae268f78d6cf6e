// Finding what a capture, cancel, refund or inquiryRefund names, as the calling merchant may see it: another
// merchant's payment, capture or refund is answered exactly like one that does not exist.
import { pointerKey } from '../payment/lifecycle.ts';
import type { Table } from '../store/table.ts';
import type { OperationContext } from './context.ts';
import type { CaptureRecord, LifecyclePointer, PaymentRecord, RefundRecord } from '../payment/types.ts';

export function ownPayment(ctx: OperationContext, ids: { paymentId?: string; paymentRequestId?: string }): PaymentRecord | undefined {
  const payment = ids.paymentId !== undefined
    ? ctx.store.payments.get(ids.paymentId)
    : ids.paymentRequestId !== undefined ? ctx.store.payments.find('requestId', pointerKey(ctx.clientId, ids.paymentRequestId)) : undefined;
  return payment?.clientId === ctx.clientId ? payment : undefined;
}

function ownPointer(ctx: OperationContext, table: Table<LifecyclePointer>, ids: { id?: string; requestId?: string }): LifecyclePointer | undefined {
  const pointer = ids.id !== undefined ? table.get(ids.id) : ids.requestId !== undefined ? table.find('requestId', pointerKey(ctx.clientId, ids.requestId)) : undefined;
  return pointer?.clientId === ctx.clientId ? pointer : undefined;
}

export function ownCapture(ctx: OperationContext, ids: { captureId?: string; captureRequestId?: string }): { payment: PaymentRecord; capture: CaptureRecord } | undefined {
  const pointer = ownPointer(ctx, ctx.store.captures, { id: ids.captureId, requestId: ids.captureRequestId });
  const payment = pointer && ctx.store.payments.get(pointer.paymentId);
  const capture = payment?.captures?.find((c) => c.captureId === pointer!.id);
  return payment && capture && { payment, capture };
}

export function ownRefund(ctx: OperationContext, ids: { refundId?: string; refundRequestId?: string }): { payment: PaymentRecord; refund: RefundRecord } | undefined {
  const pointer = ownPointer(ctx, ctx.store.refunds, { id: ids.refundId, requestId: ids.refundRequestId });
  const payment = pointer && ctx.store.payments.get(pointer.paymentId);
  const refund = payment?.refunds?.find((r) => r.refundId === pointer!.id);
  return payment && refund && { payment, refund };
}
