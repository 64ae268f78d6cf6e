// The stored shape of a payment. Card numbers appear only masked; the CVV is never part of it.
import type { Amount, PaymentResultInfo, Result } from '../../schemas/common.ts';
import type { PayRequest, PayResponse } from '../../schemas/pay.ts';
import type { Transaction } from '../../schemas/inquiry-payment.ts';
import type { AuthClosure, CaptureRecord, RefundRecord } from './lifecycle.ts';
import type { Settlement } from './payment-machine.ts';

export type PaymentStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';
export type PayMode = 'card' | 'hosted' | 'token';

/** Why a payment is still PROCESSING: the buyer has a page to complete, or the issuer answers later. */
export type PendingStep = 'hosted-page' | '3ds-challenge' | 'issuer';

/** Which layer of the scenario engine chose the outcome (first match wins, in this order). */
export type ScenarioSource = 'header' | 'pin' | 'rule' | 'data-trigger' | 'test-card' | 'amount' | 'postal-code' | 'default';

export interface ScenarioChoice { name: string; reason: string; source?: ScenarioSource }

/** What a pending 3DS challenge ends in when the buyer passes, fails or cancels it. */
export interface ChallengePlan { threeDSVersion: string; pass: Settlement; fail: Settlement; cancel: Settlement }

/** How a scenario wants this payment's notifications to misbehave, for the merchant to cope with. */
export interface NotificationFaults {
  /** Hold each delivery this long (sandbox ms) before sending. */
  delayMs?: number;
  /** Send this many extra copies of each notification. */
  duplicate?: number;
  /** Treat the first N attempts as lost: recorded as dropped, never sent, then retried on schedule. */
  dropFirst?: number;
  /** Deliver this notification only after a later one for the same merchant URL. */
  outOfOrder?: boolean;
}

export interface PaymentRecord {
  paymentId: string;
  paymentRequestId: string;
  clientId: string;
  /** The idempotency key fields (amount, currency, payment method, the card as shown: core/card.ts shownCardKey). */
  fingerprint: string;
  mode: PayMode;
  status: PaymentStatus;
  /** paymentResultCode / paymentResultMessage as inquiryPayment reports them. */
  result: Result;
  /** The pay answer, returned again to a repeat of the same request. */
  payAnswer: PayResponse;
  paymentAmount: Amount;
  createdAt: number;
  paidAt?: number;
  /** When a PROCESSING payment closes (14 minutes, or paymentExpiryTime). */
  expiresAt?: number;
  authExpiresAt?: number;
  /** Set once an in-process payment was closed by expiry: a repeat pay then answers ORDER_IS_CLOSED. */
  closed?: boolean;
  pendingStep?: PendingStep;
  /** Opaque key of the hosted card page and the 3DS challenge page for this payment. */
  pageToken?: string;
  /**
   * Hosted mode only: the merchant's pay request (it carries no card data), so the card the buyer enters
   * on the page is decided on the same request flags (is3DSAuthentication, buyer, amount) as a direct pay.
   */
  hostedRequest?: PayRequest;
  notifyUrl?: string;
  redirectUrl?: string;
  isAuthorization: boolean;
  captureMode: 'AUTOMATIC' | 'MANUAL';
  resultInfo?: PaymentResultInfo;
  /** What the hosted page shows of the order. */
  order?: { description?: string; referenceOrderId?: string; goods?: { name?: string; quantity?: string; unitAmount?: Amount }[] };
  referenceBuyerId?: string;
  terminalType?: string;
  scenario?: ScenarioChoice;
  /** For a 3DS challenge: the settlements that follow a pass, a fail or a cancel. */
  challenge?: ChallengePlan;
  notificationFaults?: NotificationFaults;
  transactions: Transaction[];
  /** Captures, in order: the merchant's, or the sandbox's own when it captures automatically. */
  captures?: CaptureRecord[];
  refunds?: RefundRecord[];
  /** Set when the authorization takes no more captures: captured in full, closed by isLastCapture, or expired. */
  authClosed?: AuthClosure;
  /** When cancel voided the authorization or closed the payment in process. */
  cancelledAt?: number;
}
