// The one catalogue of Antom result codes: status (S/F/U) and default message. Every answer the sandbox
// gives, errors included, is built from here, so a code can never appear with two different statuses.
import type { Result } from '../../schemas/common.ts';

const S = 'S', F = 'F', U = 'U';

export const RESULT_CODES = {
  SUCCESS: [S, 'Success.'],
  // U: the outcome is not known yet.
  PAYMENT_IN_PROCESS: [U, 'The payment is being processed.'],
  UNKNOWN_EXCEPTION: [U, 'An API call has failed, which is caused by unknown reasons.'],
  REQUEST_TRAFFIC_EXCEED_LIMIT: [U, 'The request traffic exceeds the limit.'],
  CAPTURE_IN_PROCESS: [U, 'The capture is being processed.'],
  REFUND_IN_PROCESS: [U, 'The refund is being processed.'],
  VERIFICATION_IN_PROCESS: [U, 'The verification of the payment method is being processed.'],
  // F: gateway and request errors.
  PARAM_ILLEGAL: [F, 'The required parameters are not passed, or illegal parameters exist.'],
  INVALID_SIGNATURE: [F, 'The signature is not validated.'],
  KEY_NOT_FOUND: [F, 'The private key or public key of Alipay or the merchant is not found.'],
  CLIENT_INVALID: [F, 'The client ID is invalid.'],
  ACCESS_DENIED: [F, 'Access is denied.'],
  MEDIA_TYPE_NOT_ACCEPTABLE: [F, 'The server does not implement the media type that is acceptable to the client.'],
  METHOD_NOT_SUPPORTED: [F, 'The server does not implement the requested HTTP method.'],
  NO_INTERFACE_DEF: [F, 'API is not defined.'],
  SYSTEM_ERROR: [F, 'A system error occurred.'],
  PROCESS_FAIL: [F, 'A general business failure occurred.'],
  // F: payment errors.
  CURRENCY_NOT_SUPPORT: [F, 'The currency is not supported.'],
  REPEAT_REQ_INCONSISTENT: [F, 'The submitted request is a repeat of an earlier one with different key fields.'],
  ORDER_NOT_EXIST: [F, 'The order does not exist.'],
  ORDER_IS_CLOSED: [F, 'The order is closed.'],
  ORDER_IS_CANCELED: [F, 'The order is cancelled.'],
  ORDER_STATUS_INVALID: [F, 'The order status is invalid.'],
  RISK_REJECT: [F, 'The request is rejected because of the risk control.'],
  FRAUD_REJECT: [F, 'The transaction is rejected as suspected fraud.'],
  USER_BALANCE_NOT_ENOUGH: [F, 'The payment failed because the balance is not enough.'],
  USER_AMOUNT_EXCEED_LIMIT: [F, 'The payment amount exceeds the user payment limit.'],
  PAYMENT_AMOUNT_EXCEED_LIMIT: [F, 'The payment amount exceeds the limit.'],
  AUTHENTICATION_REQUIRED: [F, '3D Secure authentication is required.'],
  SELECTED_CARD_BRAND_NOT_AVAILABLE: [F, 'The selected card brand is not available.'],
  INVALID_EXPIRATION_DATE: [F, 'The card expiration date is invalid.'],
  INVALID_CARD_NUMBER: [F, 'The card number is invalid.'],
  CARD_NOT_SUPPORTED: [F, 'The card is not supported.'],
  DO_NOT_HONOR: [F, 'The payment is declined by the issuing bank.'],
  INVALID_AMOUNT: [F, 'The amount is invalid.'],
  INVALID_PAYMENT_METHOD_META_DATA: [F, 'The payment method metadata is invalid.'],
  INVALID_CVV: [F, 'The CVV is invalid.'],
  CARD_EXPIRED: [F, 'The card has expired.'],
  LOST_CARD: [F, 'The card is reported lost.'],
  STOLEN_CARD: [F, 'The card is reported stolen.'],
  PICKUP_CARD: [F, 'The issuer asks to retain the card.'],
  RESTRICTED_CARD: [F, 'The card is restricted.'],
  ACCOUNT_CLOSED: [F, 'The card account is closed.'],
  // F: capture, cancel and refund.
  AUTH_CANCELLED: [F, 'The authorization is cancelled.'],
  AUTH_EXPIRED: [F, 'The authorization has expired.'],
  AUTH_NOT_FOUND: [F, 'The authorization is not found.'],
  CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT: [F, 'The capture amount exceeds the authorized amount.'],
  MULTI_CAPTURE_NOT_SUPPORTED: [F, 'Multiple captures are not supported.'],
  CANCEL_WINDOW_EXCEED: [F, 'The cancellation window has passed.'],
  REFUND_AMOUNT_EXCEED: [F, 'The refund amount exceeds the refundable amount.'],
  REFUND_WINDOW_EXCEED: [F, 'The refund window has passed.'],
  PARTIAL_REFUND_NOT_SUPPORTED: [F, 'Partial refunds are not supported.'],
  REFUND_NOT_EXIST: [F, 'The refund does not exist.'],
  VAULTING_NOT_EXIST: [F, 'The vaulting request does not exist.'],
} as const satisfies Record<string, readonly ['S' | 'F' | 'U', string]>;

export type ResultCode = keyof typeof RESULT_CODES;

export function isResultCode(code: string): code is ResultCode {
  return Object.hasOwn(RESULT_CODES, code);
}

/** Antom's `result` object for a code, with the catalogue's message unless a more precise one is given. */
export function resultOf(code: ResultCode, message?: string): Result {
  const [resultStatus, defaultMessage] = RESULT_CODES[code];
  return { resultCode: code, resultStatus, resultMessage: message ?? defaultMessage };
}
