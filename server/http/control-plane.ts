// What every /_sandbox route shares: the loopback guard, the JSON body parser, the error envelope
// (Antom's result object, with a meaningful HTTP status) and the not-found answer.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Result } from '../../schemas/common.ts';
import { resultOf, SandboxError } from '../api/result-codes.ts';
import { allowedHostNames, refuseNonLocal, type LocalOnlyOptions } from './local-only.ts';

// A conflict with the payment's state is 409, as the scenario routes answer it.
const STATUS_OF: Record<string, number> = { ORDER_NOT_EXIST: 404, NO_INTERFACE_DEF: 404, ACCESS_DENIED: 403, ORDER_STATUS_INVALID: 409, REFUND_NOT_EXIST: 404 };

export function sendError(res: Response, error: unknown, logger?: Logger): void {
  if (!(error instanceof SandboxError)) logger?.error({ err: error }, 'control plane error');
  sendRefused(res, error instanceof SandboxError ? error.toResult() : resultOf('SYSTEM_ERROR', 'unexpected error in the control plane'));
}

/** A refusal (the state machine's, say) in the control plane's error envelope. */
export function sendRefused(res: Response, result: Result): void {
  res.status(STATUS_OF[result.resultCode] ?? (result.resultCode === 'SYSTEM_ERROR' ? 500 : 400)).json({ result });
}

/** A whole number from a query string, or PARAM_ILLEGAL naming the parameter. */
export function queryInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new SandboxError('PARAM_ILLEGAL', `${name} must be a whole number from 0 to ${max}`);
  return n;
}

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/**
 * Bound to loopback by default: a sandbox listening more widely still keeps its control plane local. And
 * only for requests addressed to this sandbox, from its own pages or no page at all (local-only.ts).
 */
export function controlPlaneEntry(remoteControl: () => boolean, local: LocalOnlyOptions): RequestHandler[] {
  const allowed = allowedHostNames(local);
  return [
    (req, res, next) => {
      if (!remoteControl() && !isLoopback(req.socket.remoteAddress)) {
        return sendError(res, new SandboxError('ACCESS_DENIED', 'the control plane answers only on loopback (start with --remote-control to open it)'));
      }
      const refusal = refuseNonLocal(req.method, req.headers, allowed);
      if (refusal) return sendError(res, new SandboxError('ACCESS_DENIED', refusal));
      next();
    },
    express.json({ limit: '256kb' }),
  ];
}

export function controlPlaneExit(logger: Logger) {
  return [
    (_req: Request, _res: Response, next: NextFunction) => next(new SandboxError('NO_INTERFACE_DEF', 'no such control-plane route')),
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const parseError = error as { type?: string; message?: string };
      if (parseError.type === 'entity.parse.failed') return sendError(res, new SandboxError('PARAM_ILLEGAL', `the body is not valid JSON: ${parseError.message}`));
      if (parseError.type === 'entity.too.large') return sendError(res, new SandboxError('PARAM_ILLEGAL', 'the body is larger than 256 KiB'));
      // Any other refusal of the body parser (charset, encoding, aborted) is the client's, not a server error.
      const status = (error as { status?: number }).status;
      if (status !== undefined && status >= 400 && status < 500) return sendError(res, new SandboxError('PARAM_ILLEGAL', `the body was refused: ${parseError.message}`));
      sendError(res, error, logger);
    },
  ];
}
