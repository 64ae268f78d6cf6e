// Which result codes a pay can end in, as Antom documents them, and which of those are answered like a
// request check (no payment is made, as when the core's own checks refuse a request).
import type { ResultCode } from '../api/result-codes.ts';

/** Every F code of Antom's pay, with the card refusal reasons seen in its answers. */
export const PAY_F_CODES: readonly ResultCode[] = [
  'PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'MEDIA_TYPE_NOT_ACCEPTABLE',
  'METHOD_NOT_SUPPORTED', 'NO_INTERFACE_DEF', 'CURRENCY_NOT_SUPPORT', 'REPEAT_REQ_INCONSISTENT', 'ORDER_IS_CLOSED',
  'ORDER_IS_CANCELED', 'RISK_REJECT', 'FRAUD_REJECT', 'USER_BALANCE_NOT_ENOUGH', 'USER_AMOUNT_EXCEED_LIMIT',
  'PAYMENT_AMOUNT_EXCEED_LIMIT', 'AUTHENTICATION_REQUIRED', 'SELECTED_CARD_BRAND_NOT_AVAILABLE', 'INVALID_EXPIRATION_DATE',
  'INVALID_CARD_NUMBER', 'CARD_NOT_SUPPORTED', 'DO_NOT_HONOR', 'INVALID_AMOUNT', 'PROCESS_FAIL', 'SYSTEM_ERROR',
  'INVALID_PAYMENT_METHOD_META_DATA',
  'CARD_EXPIRED', 'LOST_CARD', 'STOLEN_CARD', 'PICKUP_CARD', 'RESTRICTED_CARD', 'INVALID_CVV', 'ACCOUNT_CLOSED',
];

/**
 * Codes of the gateway's front door: Antom answers them before a payment exists (no paymentId), like the
 * sandbox's own schema, signature and card checks. A scenario with one of them makes no payment either,
 * unless it says rejectRequest: false.
 */
export const REQUEST_CHECK_CODES: ReadonlySet<ResultCode> = new Set<ResultCode>([
  'PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'MEDIA_TYPE_NOT_ACCEPTABLE',
  'METHOD_NOT_SUPPORTED', 'NO_INTERFACE_DEF', 'CURRENCY_NOT_SUPPORT', 'REPEAT_REQ_INCONSISTENT', 'ORDER_IS_CLOSED',
  'ORDER_IS_CANCELED', 'INVALID_EXPIRATION_DATE', 'INVALID_CARD_NUMBER', 'INVALID_AMOUNT', 'INVALID_PAYMENT_METHOD_META_DATA',
  'SYSTEM_ERROR',
]);
