// What every /_sandbox route shares: the loopback guard, the JSON body parser, the error envelope of the
// control-plane catalogue (control-errors.ts) and the unknown-route answer.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { ResultCode } from '../api/result-codes.ts';
import type { Refusal } from '../api/refusal.ts';
import { controlError, sendControlError, type ControlErrorCode, type ControlFailure } from './control-errors.ts';
import { allowedHostNames, refuseNonLocal, type LocalOnlyOptions } from './local-only.ts';

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

const parseJson = express.json({ limit: '256kb' });

/**
 * Bound to loopback by default: a sandbox listening more widely still keeps its control plane local. And
 * only for requests addressed to this sandbox, from its own pages or no page at all (local-only.ts).
 */
export function controlPlaneEntry(remoteControl: () => boolean, local: LocalOnlyOptions): RequestHandler[] {
  const allowed = allowedHostNames(local);
  return [
    (req, res, next) => {
      if (!remoteControl() && !isLoopback(req.socket.remoteAddress)) return sendControlError(res, controlError('REMOTE_CONTROL_OFF', {}));
      const refusal = refuseNonLocal(req.method, req.headers, allowed);
      if (refusal) return sendControlError(res, controlError('FORBIDDEN_ORIGIN', { reason: refusal }));
      next();
    },
    // A GET's body is never read, so a GET cannot be refused for its body (control-route-table.ts counts on it).
    (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : parseJson(req, res, next)),
  ];
}

/**
 * The payment and scenario code the routes call refuses with Antom's codes, as values (the state
 * machine's ORDER_STATUS_INVALID, the scenario engine's PARAM_ILLEGAL for a pin, a merchant key that is
 * no RSA key); at this surface they are the catalogue's. The routes check what they can beforehand, so
 * only these reach here.
 */
const FROM_MERCHANT_CODE: Partial<Record<ResultCode, ControlErrorCode>> = {
  ORDER_STATUS_INVALID: 'STATE_CONFLICT',
  PARAM_ILLEGAL: 'INVALID_BODY',
};

/** The refusal for an error Express hands the exit: a body-parser refusal; undefined for a bug (INTERNAL). */
export function failureOf(error: unknown): ControlFailure | undefined {
  const parser = error as { type?: string; message?: string; status?: number };
  if (parser.type === 'entity.parse.failed') return controlError('NOT_JSON', { reason: String(parser.message) });
  if (parser.type === 'entity.too.large') return controlError('BODY_TOO_LARGE', { limit: '256 KiB' });
  // Any other refusal of the body parser (charset, encoding, aborted) is the client's, not a server error.
  if (parser.status !== undefined && parser.status >= 400 && parser.status < 500) return controlError('BODY_UNREADABLE', { reason: String(parser.message) });
  return undefined;
}

/** A core refusal handed back as a value (the state machine's, on a settlement by hand), as the catalogue's. */
export function failureOfRefusal({ refused }: Refusal): ControlFailure {
  const code = FROM_MERCHANT_CODE[refused.resultCode as ResultCode];
  if (code === 'INVALID_BODY') return controlError(code, { problem: refused.resultMessage });
  return controlError('STATE_CONFLICT', { reason: refused.resultMessage });
}

export function controlPlaneExit(logger: Logger) {
  return [
    (req: Request, res: Response) => sendControlError(res, controlError('UNKNOWN_ROUTE', { method: req.method, path: req.originalUrl.split('?')[0]! })),
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const failure = failureOf(error);
      if (!failure) logger.error({ err: error }, 'control plane error');
      sendControlError(res, failure ?? controlError('INTERNAL', {}));
    },
  ];
}
