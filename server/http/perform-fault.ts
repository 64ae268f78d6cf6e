// The HTTP edge's side of a scenario's fault on the merchant's call: wait (wall clock), then answer with a
// bare HTTP error as a proxy or load balancer would, close the connection without a word, or never answer.
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { MerchantAnswer } from '../api/handle-merchant-call.ts';

/** A hung call is let go after this long even if the client waits forever (wall clock). */
export const HANG_LIMIT_MS = 10 * 60_000;

/** Performs answer.fault; `write` sends the normal answer when the fault is only latency. */
export async function performFault(req: Request, res: Response, answer: MerchantAnswer, write: () => void): Promise<void> {
  const fault = answer.fault!;
  if (fault.latencyMs) {
    const gone = new AbortController();
    const onClose = () => gone.abort();
    req.socket.once('close', onClose);
    await sleep(fault.latencyMs, undefined, { signal: gone.signal }).catch(() => {});
    // A kept-alive connection carries many calls: leave no listener behind for each slow one.
    req.socket.off('close', onClose);
    if (gone.signal.aborted) return;
  }
  switch (fault.action) {
    case 'http-error': {
      const status = fault.httpStatus ?? 500;
      const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
      const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
      const scenarioHeaders = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name.startsWith('x-sandbox-')));
      res.writeHead(status, { ...scenarioHeaders, 'content-type': 'text/html', 'content-length': Buffer.byteLength(body), connection: 'close' });
      res.end(body);
      return;
    }
    case 'drop':
      req.socket.destroy();
      return;
    case 'hang': {
      const timer = setTimeout(() => req.socket.destroy(), HANG_LIMIT_MS);
      timer.unref();
      req.socket.once('close', () => clearTimeout(timer));
      return;
    }
    default:
      write();
  }
}
