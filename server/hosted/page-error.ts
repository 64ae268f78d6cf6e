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

/** The pages' catalogue: each code's HTTP status and what it means (docs/errors.md is generated from it). */
export const PAGE_ERRORS: Record<PageErrorCode, { status: number; meaning: string }> = {
  PAGE_NOT_FOUND: { status: 404, meaning: 'No hosted page or challenge for this id.' },
  PAYMENT_FINISHED: { status: 409, meaning: 'The payment already has its final status; the page has nothing left to do.' },
  PAYMENT_EXPIRED: { status: 410, meaning: 'The payment\'s time to pay ran out.' },
  WRONG_STEP: { status: 409, meaning: 'The payment is not at the step this page serves (e.g. a challenge answered twice).' },
  INVALID_FIELDS: { status: 400, meaning: 'The card form has bad fields; `fields` holds the message of each.' },
  BAD_REQUEST: { status: 400, meaning: 'The request is malformed (body, JSON, parameters).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The body is not of the media type the route takes.' },
  CARD_REFUSED: { status: 422, meaning: 'The scenario refused the card; `resultCode` holds Antom\'s code for it.' },
  FORBIDDEN_ORIGIN: { status: 403, meaning: 'A change from a foreign origin.' },
  SYSTEM_ERROR: { status: 500, meaning: 'A fault of the sandbox; its log has the details.' },
};

export type FieldErrors = Record<string, string>;

/**
 * A page's refusal as a value: the page handlers return it beside their result, and the routes answer it
 * ({ "error": ... } with the code's HTTP status). `pageError` is exactly that answer's error object.
 */
export interface PageError {
  pageError: {
    code: PageErrorCode;
    message: string;
    fields?: FieldErrors;
    /** For CARD_REFUSED: the Antom result code the decision gave (e.g. INVALID_CARD_NUMBER). */
    resultCode?: string;
  };
}

export function pageError(code: PageErrorCode, message: string, fields?: FieldErrors, resultCode?: string): PageError {
  return { pageError: { code, message, fields, resultCode } };
}

export const isPageError = (value: unknown): value is PageError => typeof value === 'object' && value !== null && 'pageError' in value;

export const pageErrorStatus = ({ pageError: { code } }: PageError): number => PAGE_ERRORS[code].status;

/**
 * The state machine's or a card check's refusal, on a page: ORDER_STATUS_INVALID means the payment moved
 * on between the page's read and its post; anything else is the sandbox's fault.
 */
export function pageErrorOf({ refused }: Refusal): PageError {
  return pageError(refused.resultCode === 'ORDER_STATUS_INVALID' ? 'WRONG_STEP' : 'SYSTEM_ERROR', refused.resultMessage);
}
