// The control plane's error catalogue: every refusal a /_sandbox route can answer, with its code, its HTTP
// status and its message template, in one table (the merchant API keeps Antom's result codes; the pages
// have their own catalogue in hosted/page-error.ts). A refusal is a value, { code, message, status, field? },
// sent as { "error": { ... } }; routes return it rather than throw it.
import type { Response } from 'express';

interface Entry { status: number; message: string; meaning: string }

export const CONTROL_ERRORS = {
  REMOTE_CONTROL_OFF: {
    status: 403,
    message: 'the control plane answers only on loopback (start with --remote-control to open it)',
    meaning: 'The request came from another address and the sandbox was not started with --remote-control.',
  },
  FORBIDDEN_ORIGIN: {
    status: 403,
    message: '{reason}',
    meaning: 'A foreign Host or Origin, or a change that is neither JSON nor carries X-Sandbox-Control (a web page cannot drive the control plane).',
  },
  UNKNOWN_ROUTE: { status: 404, message: 'no control-plane route {method} {path}', meaning: 'Nothing under /_sandbox answers this method and path.' },
  NOT_JSON: { status: 400, message: 'the body is not valid JSON: {reason}', meaning: 'The body could not be parsed as JSON.' },
  BODY_TOO_LARGE: { status: 413, message: 'the body is larger than {limit}', meaning: 'The body is over the control plane\'s limit (256 KiB).' },
  BODY_UNREADABLE: { status: 400, message: 'the body was refused: {reason}', meaning: 'The body could not be read (an unknown charset or encoding, an aborted upload).' },
  INVALID_BODY: { status: 400, message: '{problem}', meaning: 'The body breaks the route\'s schema or a rule beyond it; `field` names the field.' },
  INVALID_QUERY: { status: 400, message: '{problem}', meaning: 'A query parameter breaks the route\'s query schema; `field` names it.' },
  INVALID_PATH: { status: 400, message: '{problem}', meaning: 'A path parameter is malformed; `field` names it.' },
  PAYMENT_NOT_FOUND: { status: 404, message: 'no payment {paymentId}', meaning: 'No payment has this paymentId.' },
  CAPTURE_NOT_FOUND: { status: 404, message: 'payment {paymentId} has no capture {captureId}', meaning: 'The payment has no capture with this captureId.' },
  REFUND_NOT_FOUND: { status: 404, message: 'payment {paymentId} has no refund {refundId}', meaning: 'The payment has no refund with this refundId.' },
  NOTIFICATION_NOT_FOUND: { status: 404, message: 'no notification {id}', meaning: 'No notification has this id.' },
  REQUEST_NOT_FOUND: {
    status: 404,
    message: 'no request {id} in the journal (it keeps the last {capacity} calls)',
    meaning: 'The request journal holds no call with this id (it keeps the latest calls only).',
  },
  SCENARIO_NOT_FOUND: { status: 404, message: 'no scenario "{name}"; GET /_sandbox/scenarios lists them', meaning: 'No scenario has this name.' },
  EXAMPLE_NOT_FOUND: { status: 404, message: 'no example for {operation}; known: {known}', meaning: 'No example request is generated for this name.' },
  HTTPS_OFF: {
    status: 404,
    message: 'HTTPS is off: start with --https-port (or the httpsPort option) to have a certificate',
    meaning: 'The sandbox has no HTTPS listener, so no certificate.',
  },
  RENDERER_MISSING: {
    status: 404,
    message: 'the reference needs the redoc package (npm install redoc); the documents themselves are at /_sandbox/openapi.json',
    meaning: 'The reference renderer is not installed; the documents are still served.',
  },
  CERTIFY_RUN_NOT_FOUND: {
    status: 404,
    message: 'no checkout certification run for {clientId}; start one with POST /_sandbox/certify/checkout',
    meaning: 'No checkout certification run is armed for this merchant (runs are kept in memory: a restart forgets them).',
  },
  CERTIFY_REPORT_NOT_FOUND: {
    status: 404,
    message: 'no certification report {id} (the last {kept} are kept, in memory)',
    meaning: 'No kept certification report has this id.',
  },
  STATE_CONFLICT: {
    status: 409,
    message: '{reason}',
    meaning: 'The payment, capture, refund or 3DS challenge is not in a state this route can change.',
  },
  INTERNAL: { status: 500, message: 'unexpected error in the control plane', meaning: 'A fault of the sandbox; its log has the details.' },
} as const satisfies Record<string, Entry>;

export type ControlErrorCode = keyof typeof CONTROL_ERRORS;
export const CONTROL_ERROR_CODES = Object.keys(CONTROL_ERRORS) as ControlErrorCode[];

/** The names in a template's {braces}. */
type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type ParamsOf<C extends ControlErrorCode> = Record<Placeholders<(typeof CONTROL_ERRORS)[C]['message']>, string | number>;

/** What a refusal carries on the wire, under `error`. */
export interface ControlFailure {
  code: ControlErrorCode;
  message: string;
  status: number;
  /** The body field, query parameter or path parameter at fault, when one is. */
  field?: string;
}

/** A refusal of the catalogue, its template filled in. */
export function controlError<C extends ControlErrorCode>(code: C, params: ParamsOf<C>, field?: string): ControlFailure {
  const values = params as Record<string, string | number>;
  const message = CONTROL_ERRORS[code].message.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name]));
  return { code, message, status: CONTROL_ERRORS[code].status, ...(field === undefined ? {} : { field }) };
}

export function sendControlError(res: Response, failure: ControlFailure): void {
  res.status(failure.status).json({ error: failure });
}

/** A checked input: the value, or the refusal that names what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: ControlFailure };
