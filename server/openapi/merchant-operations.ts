// The merchant operations the document describes, with the schemas the validator checks them with.
// routes.ts says which paths are served; a test checks both lists name the same operations.
import type { SchemaName } from '../../schemas/index.ts';
import type { MerchantOperationName } from './operation-codes.ts';

export interface MerchantOperationDoc {
  name: MerchantOperationName;
  /** The path after /ams/api/v1/, as routes.ts keys it. */
  path: string;
  tag: 'Payments' | 'Vaults';
  /** The request schema is the one the pipeline checks (api/routes.ts); the answer's is named here. */
  response: SchemaName;
  summary: string;
  description: string;
}

export const MERCHANT_OPERATIONS: readonly MerchantOperationDoc[] = [
  {
    name: 'pay', path: 'payments/pay', tag: 'Payments', response: 'PayResponse',
    summary: 'Pay by card',
    description: 'Three modes, told apart by the fields present: card data server to server (`paymentMethodMetaData.cardNo`), the hosted card page (no card data: the answer is `PAYMENT_IN_PROCESS` with `normalUrl`), or a saved card (`paymentMethodId` = a `cardToken`). `paymentFactor.isAuthorization: true` with `captureMode: MANUAL` holds the amount for a later capture. Idempotent on `paymentRequestId`.',
  },
  {
    name: 'inquiryPayment', path: 'payments/inquiryPayment', tag: 'Payments', response: 'InquiryPaymentResponse',
    summary: 'Inquire a payment',
    description: 'By `paymentId` or `paymentRequestId` (`paymentId` wins when both are given). `transactions[]` lists the authorization, captures, refunds, cancel and an expiry\'s void.',
  },
  {
    name: 'capture', path: 'payments/capture', tag: 'Payments', response: 'CaptureResponse',
    summary: 'Capture an authorization',
    description: 'Full, partial and repeated captures of an authorization, up to the authorized amount. Idempotent on `captureRequestId`; notifyCapture follows once the capture is final.',
  },
  {
    name: 'cancel', path: 'payments/cancel', tag: 'Payments', response: 'CancelResponse',
    summary: 'Cancel a payment',
    description: 'Voids an authorization (within 7 days) or closes a payment in process. By `paymentId` or `paymentRequestId`. Sends no notification.',
  },
  {
    name: 'refund', path: 'payments/refund', tag: 'Payments', response: 'RefundResponse',
    summary: 'Refund a payment',
    description: 'Partial and repeated refunds up to what was captured, within a year. Idempotent on `refundRequestId`; notifyRefund follows once the refund is final.',
  },
  {
    name: 'inquiryRefund', path: 'payments/inquiryRefund', tag: 'Payments', response: 'InquiryRefundResponse',
    summary: 'Inquire a refund',
    description: 'By `refundId` or `refundRequestId` (`refundId` wins).',
  },
  {
    name: 'vaultPaymentMethod', path: 'vaults/vaultPaymentMethod', tag: 'Vaults', response: 'VaultPaymentMethodResponse',
    summary: 'Save a card as a cardToken',
    description: 'The card is checked and decided as a card pay is; a 3DS challenge answers `VERIFICATION_IN_PROCESS` with `normalUrl`. Idempotent on `vaultingRequestId` per merchant.',
  },
  {
    name: 'inquireVaulting', path: 'vaults/inquireVaulting', tag: 'Vaults', response: 'InquireVaultingResponse',
    summary: 'Inquire a vaulting',
    description: '`result` says whether the inquiry worked; `vaultingStatus` how the vaulting went.',
  },
];

export interface WebhookDoc {
  name: 'notifyPayment' | 'notifyCapture' | 'notifyRefund';
  body: SchemaName;
  summary: string;
  description: string;
}

export const WEBHOOKS: readonly WebhookDoc[] = [
  {
    name: 'notifyPayment', body: 'NotifyPaymentBody', summary: 'A payment reached a final state',
    description: 'Sent to the pay\'s `paymentNotifyUrl` when the payment ends in S or F, however it got there (`notifyType` `PAYMENT_RESULT`).',
  },
  {
    name: 'notifyCapture', body: 'NotifyCaptureBody', summary: 'A capture reached a final state',
    description: 'Sent to the pay\'s `paymentNotifyUrl` when a capture (by hand, or automatic) ends in SUCCESS or FAIL (`notifyType` `CAPTURE_RESULT`).',
  },
  {
    name: 'notifyRefund', body: 'NotifyRefundBody', summary: 'A refund reached a final state',
    description: 'Sent to the refund\'s `refundNotifyUrl`, else the pay\'s `paymentNotifyUrl`, when a refund ends in SUCCESS or FAIL (`notifyType` `REFUND_RESULT`, with `refundStatus`).',
  },
];
