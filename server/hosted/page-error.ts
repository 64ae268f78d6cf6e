// What the page routes answer when a request cannot be served: an HTTP status, a stable code a page or a
// test can branch on, a sentence a buyer can read, and for a card form the message of each bad field.
import type { Refusal } from '../api/refusal.ts';

export type PageErrorCode =
  | 'PAGE_NOT_FOUND'
  | 'PAYMENT_FINISHED'
  | 'PAYMENT_EXPIRED'
  | 'WRONG_STEP'
  | 'INVALID_FIELDS'
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CARD_REFUSED'
  | 'FORBIDDEN_ORIGIN'
  | 'SYSTEM_ERROR';

const STATUS: Record<PageErrorCode, number> = {
  PAGE_NOT_FOUND: 404,
  PAYMENT_FINISHED: 409,
  PAYMENT_EXPIRED: 410,
  WRONG_STEP: 409,
  INVALID_FIELDS: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CARD_REFUSED: 422,
  FORBIDDEN_ORIGIN: 403,
  SYSTEM_ERROR: 500,
};

export type FieldErrors = Record<string, string>;

export class PageError extends Error {
  override readonly name = 'PageError';
  constructor(
    readonly code: PageErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** For CARD_REFUSED: the Antom result code the decision gave (e.g. INVALID_CARD_NUMBER). */
    readonly resultCode?: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJson(): { error: { code: PageErrorCode; message: string; fields?: FieldErrors; resultCode?: string } } {
    return { error: { code: this.code, message: this.message, fields: this.fields, resultCode: this.resultCode } };
  }
}

/**
 * The state machine's or a card check's refusal, on a page: ORDER_STATUS_INVALID means the payment moved
 * on between the page's read and its post; anything else is the sandbox's fault.
 */
export function pageErrorOf({ refused }: Refusal): PageError {
  return new PageError(refused.resultCode === 'ORDER_STATUS_INVALID' ? 'WRONG_STEP' : 'SYSTEM_ERROR', refused.resultMessage);
}
