// The payment's shapes, shared by the state machine, the operations, the store and the scenario engine:
// the stored record and its captures and refunds, the machine's events and effects, and the outcomes a
// decision hands to the machine. Types only, so every module can import them without a cycle.
import type { ResultCode } from '../api/result-codes.ts';
import type { Amount, PaymentResultInfo, Result } from '../../schemas/common.ts';
import type { Transaction } from '../../schemas/inquiry-payment.ts';
import type { PayRequest, PayResponse } from '../../schemas/pay.ts';

export type PaymentStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';

export type PayMode = 'card' | 'hosted' | 'token' | 'wallet';

/** Why a payment is still PROCESSING: the buyer has a page to complete, or the issuer answers later. */
export type PendingStep = 'hosted-page' | '3ds-challenge' | 'issuer' | 'wallet';

/** Which layer of the scenario engine chose the outcome (first match wins, in this order). */
export type ScenarioSource = 'header' | 'pin' | 'rule' | 'data-trigger' | 'test-card' | 'amount' | 'postal-code' | 'default';

export interface ScenarioChoice { name: string; reason: string; source?: ScenarioSource }

/** What a pending 3DS challenge ends in when the buyer passes, fails or cancels it. */
export interface ChallengePlan {
  threeDSVersion: string;
  pass: Settlement;
  fail: Settlement;
  cancel: Settlement;
  /** Wrong one-time codes the challenge takes before it fails; DEFAULT_CODE_TRIES when unset. */
  codeTries?: number;
}

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
  /** The idempotency key fields (amount, currency, payment method, the card as shown: card/card.ts shownCardKey). */
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
  /** merchantName: the pay's order.merchant.merchantDisplayName (else merchantName), shown on the pages. */
  order?: { description?: string; referenceOrderId?: string; merchantName?: string; goods?: { name?: string; quantity?: string; unitAmount?: Amount }[] };
  referenceBuyerId?: string;
  terminalType?: string;
  scenario?: ScenarioChoice;
  /** For a 3DS challenge: the settlements that follow a pass, a fail or a cancel. */
  challenge?: ChallengePlan;
  /** The last card the hosted page declined while the payment stayed open for another (buyerMayRetry). */
  declinedCard?: DeclinedCard;
  /** Wrong one-time codes typed on the 3DS challenge page so far. */
  challengeWrongCodes?: number;
  notificationFaults?: NotificationFaults;
  transactions: Transaction[];
  /** Captures, in order: the merchant's, or the sandbox's own when it captures automatically. */
  captures?: CaptureRecord[];
  refunds?: RefundRecord[];
  /** Set when the authorization takes no more captures: captured in full, closed by isLastCapture, or expired. */
  authClosed?: AuthClosure;
  /** When cancel voided the authorization or closed the payment in process. */
  cancelledAt?: number;
  /** A wallet payment: which wallet, and what the buyer's Pay ends in (server/wallet/). */
  wallet?: WalletState;
}

/** What the buyer does in the wallet: pay, decline, or leave it open until it expires. */
export type WalletAction = 'pay' | 'decline' | 'abandon';

export interface WalletState {
  paymentMethodType: string;
  /** The wallet's display name, from the catalogue. */
  name: string;
  terminalType: string;
  osType?: string;
  /** What the buyer's Pay ends in, as the scenario decided at pay: a final answer, or in process at the wallet. */
  onPay: AfterCard;
  /** Set when the buyer left the wallet without paying: the payment then waits for its expiry. */
  abandonedAt?: number;
  /** What the buyer did in the wallet, in order, for the payment's timeline. */
  steps?: WalletStepRecord[];
}

/** One act of the buyer in the wallet; `scheduled`: a scenario's simulated buyer, not the page or the control plane. */
export interface WalletStepRecord { action: WalletAction; at: number; scheduled?: boolean }

export interface DeclinedCard {
  code: string; message: string; cardBrand?: string; lastFour?: string; at: number;
  /** Which decline of the payment this is (1, 2, ...): the page tells each one once. Absent on older records: 1. */
  count?: number;
}

export type LifecycleStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL';

export interface CaptureRecord {
  captureId: string;
  captureRequestId: string;
  captureAmount: Amount;
  isLastCapture: boolean;
  /** Made by the sandbox itself after success: captureMode AUTOMATIC, or not an authorization. */
  automatic?: boolean;
  status: LifecycleStatus;
  result: Result;
  acquirerReferenceNo: string;
  createdAt: number;
  /** When it reached SUCCESS or FAIL. */
  settledAt?: number;
  scenario?: ScenarioChoice;
}

export interface RefundRecord {
  refundId: string;
  refundRequestId: string;
  refundAmount: Amount;
  refundReason?: string;
  /** Where notifyRefund goes; the payment's paymentNotifyUrl when absent. */
  refundNotifyUrl?: string;
  status: LifecycleStatus;
  result: Result;
  createdAt: number;
  settledAt?: number;
  scenario?: ScenarioChoice;
}

/** Why an authorization takes no more captures (besides being cancelled). */
export type AuthClosure = 'captured' | 'last-capture' | 'expired';

/**
 * A lookup row: which payment holds the capture or refund with this id or this merchant request id. The
 * capture or refund itself lives on its payment, so that one state machine step changes both at once.
 */
export interface LifecyclePointer { id: string; requestId: string; clientId: string; paymentId: string }

/** A final answer for a payment that was in process. */
export type Settlement =
  | { status: 'S'; resultInfo?: PaymentResultInfo }
  | { status: 'F'; code: ResultCode; message?: string; resultInfo?: PaymentResultInfo };

export type PaymentEvent =
  /** scheduled: the issuer's late answer from a timer, dropped once the payment is no longer in process. */
  | { type: 'settle'; settlement: Settlement; scheduled?: boolean }
  /** The hosted card page: the buyer entered a card and it was decided on (card-entered.ts). */
  | { type: 'card-entered'; entry: CardEntry }
  | { type: 'expire' }
  /** The buyer in the wallet (page, control plane, or a scenario's simulated buyer when scheduled). */
  | { type: 'wallet'; action: WalletAction; scheduled?: boolean }
  /** capture, cancel, refund, their settlements and the authorization's expiry: lifecycle-machine.ts. */
  | LifecycleEvent;

export type NotifyType = 'PAYMENT_RESULT' | 'CAPTURE_RESULT' | 'REFUND_RESULT';

export type Effect =
  /** Send a notification about the payment (or one of its captures/refunds, by subjectId) as it now is. */
  | { type: 'notify'; notifyType: NotifyType; paymentId: string; subjectId?: string }
  | { type: 'schedule'; paymentId: string; at: number; event: PaymentEvent }
  /** The body the operation answers with (capture, cancel, refund); the runtime leaves it to the caller. */
  | { type: 'answer'; body: object };

export interface Transition { payment: PaymentRecord; effects: Effect[] }

export interface NewCapture extends CaptureDraft {
  captureId: string;
  captureRequestId: string;
  acquirerReferenceNo: string;
  outcome: LifecycleOutcome;
}

export interface NewRefund extends RefundDraft {
  refundId: string;
  refundRequestId: string;
  refundReason?: string;
  refundNotifyUrl?: string;
  outcome: LifecycleOutcome;
}

export type LifecycleEvent =
  | { type: 'capture'; capture: NewCapture }
  /** scheduled: fired by a timer, so a capture that is no longer in process is left alone. */
  | { type: 'settleCapture'; captureId: string; settlement: LifecycleSettlement; scheduled?: boolean }
  | { type: 'cancel'; cancelId: string }
  | { type: 'refund'; refund: NewRefund }
  | { type: 'settleRefund'; refundId: string; settlement: LifecycleSettlement; scheduled?: boolean }
  | { type: 'authExpire' };

export interface CaptureDraft { captureAmount: Amount; isLastCapture: boolean }

export interface RefundDraft { refundAmount: Amount }

/** What comes after the card: a final answer now, or the next pending step. */
export type AfterCard =
  | Settlement
  | { status: 'U'; pendingStep: '3ds-challenge' | 'issuer'; challenge?: ChallengePlan; settleAfterMs?: number; settlement?: Settlement };

export interface CardEntry {
  /** The card as the page read it, masked (with cardToken when the buyer saved it), and what the decision reported. */
  resultInfo: PaymentResultInfo;
  scenario: ScenarioChoice;
  notification?: NotificationFaults;
  next: AfterCard;
  /** With an F: the payment stays open for another card (the scenario's buyerMayRetry), and nothing is notified. */
  buyerMayRetry?: boolean;
}

/**
 * Misbehaviour on the merchant's own call, performed by the HTTP edge (the decision stays pure):
 * added latency, a U UNKNOWN_EXCEPTION or REQUEST_TRAFFIC_EXCEED_LIMIT envelope, an HTTP 5xx, a dropped
 * connection or no answer at all. `processed: false` means the request never reached the gateway, so no
 * payment is made; otherwise the payment is made and only the answer is lost ("timeout but charged").
 */
export interface MerchantCallFault {
  latencyMs?: number;
  answer?: 'unknown-exception' | 'traffic-limit' | 'http-500' | 'http-502' | 'http-503' | 'drop' | 'hang';
  processed?: boolean;
}

/** A wallet scenario's simulated buyer: acts this long (sandbox ms) after pay, without the page. */
export interface WalletBuyer { action: WalletAction; afterMs: number }

export type PayOutcome = { scenario: ScenarioChoice; notification?: NotificationFaults; fault?: MerchantCallFault; walletBuyer?: WalletBuyer } & (
  | { status: 'S'; resultInfo?: PaymentResultInfo }
  /** rejectRequest: answered like a request check (PARAM_ILLEGAL, ORDER_IS_CLOSED...): no payment is made. */
  /** buyerMayRetry: on the hosted card page, the decline leaves the payment open for another card. */
  | { status: 'F'; code: ResultCode; message?: string; resultInfo?: PaymentResultInfo; rejectRequest?: boolean; buyerMayRetry?: boolean }
  /**
   * PAYMENT_IN_PROCESS: the buyer must complete a page, or the issuer settles after a delay. resultInfo is
   * what is already known of the card; challenge is what a 3DS challenge ends in.
   */
  | { status: 'U'; pendingStep: PendingStep; settleAfterMs?: number; settlement?: Settlement; resultInfo?: PaymentResultInfo; challenge?: ChallengePlan }
);

/** The final answer for a capture or refund that was in process. */
export type LifecycleSettlement =
  | { status: 'S' }
  | { status: 'F'; code: ResultCode; message?: string };

export type LifecycleOutcomeBody =
  | { status: 'S' }
  /** rejectRequest: refused like a broken rule (MULTI_CAPTURE_NOT_SUPPORTED...): nothing is kept or notified. */
  | { status: 'F'; code: ResultCode; message?: string; rejectRequest?: boolean }
  /**
   * CAPTURE_IN_PROCESS / REFUND_IN_PROCESS. With settleAfterMs and a settlement, it settles on the
   * sandbox clock; without, it stays in process until settled from the control plane.
   */
  | { status: 'U'; settleAfterMs?: number; settlement?: LifecycleSettlement };

/** fault: misbehaviour on the merchant's call, as for pay (processed: false keeps nothing). */
export type LifecycleOutcome = { scenario: ScenarioChoice; fault?: MerchantCallFault } & LifecycleOutcomeBody;
