// The HTTP edge of the merchant API: turns a routed request into a MerchantCall and the MerchantAnswer back
// into a response. It needs nothing of Express, so the listening server hands API paths to it directly (the
// hot path skips Express's per-request work); the Express app uses it for the same paths when it is given
// requests itself (supertest), and for paths nothing else serves (NO_INTERFACE_DEF).
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import getRawBody from 'raw-body';
import { handleMerchantCall, type MerchantApiDeps } from '../api/handle-merchant-call.ts';
import type { MerchantRoute } from '../api/routes.ts';
import { performFault } from './perform-fault.ts';

export const BODY_LIMIT = 1024 * 1024;

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The sandbox's address as this caller reached it (for normalUrl), unless a public URL is configured. */
export function baseUrlOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const host = req.headers.host;
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${protocol}://${host && HOST.test(host) ? host : `127.0.0.1:${req.socket.localPort ?? 80}`}`;
}

export function merchantApiHandler(deps: () => MerchantApiDeps, publicUrl: () => string | undefined) {
  return async (req: Request, res: Response, route: MerchantRoute): Promise<void> => {
    const answer = await handleMerchantCall({
      method: req.method ?? 'GET',
      headers: req.headers,
      baseUrl: baseUrlOf(req, publicUrl()),
      // raw-body refuses a declared Content-Length over the limit before reading a byte.
      readBody: () => getRawBody(req, { limit: BODY_LIMIT, length: req.headers['content-length'] }),
    }, route, deps());
    const write = () => {
      // writeHead keeps the header names exactly as given: lower case, as the SDKs expect.
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    };
    // A scenario's fault on this call (latency, an HTTP error, a drop, no answer) is I/O: it happens here.
    if (answer.fault) return performFault(req, res, answer, write);
    write();
  };
}
