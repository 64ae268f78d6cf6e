// One HTTP attempt at a merchant's notify URL: never follows a redirect, gives up after a timeout, and
// reads at most 64 KiB of the answer.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export const MAX_ANSWER_BYTES = 64 * 1024;

export interface SendResult {
  status?: number;
  body?: string;
  latencyMs: number;
  /** Set when there was no usable answer: refused, timed out, oversized, reset. */
  error?: string;
}

/**
 * Keep-alive connections per merchant origin, at most `maxSockets` at once: a merchant receiving many
 * notifications is not made to accept a new TCP (and TLS) connection for each.
 */
export function agentFor(url: URL, maxSockets: number): HttpAgent {
  // A sandbox talks to merchants' local or test servers, whose certificates are usually self-signed.
  return url.protocol === 'https:'
    ? new HttpsAgent({ keepAlive: true, maxSockets, rejectUnauthorized: false })
    : new HttpAgent({ keepAlive: true, maxSockets });
}

export function sendNotification(url: string, headers: Record<string, string>, body: string, timeoutMs: number, agent?: HttpAgent): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, rejectUnauthorized: false, agent: agent ?? false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          finish({ status: res.statusCode, error: `the answer is over ${MAX_ANSWER_BYTES / 1024} KiB; it was not read further` });
          res.destroy();
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => finish({ status: res.statusCode, error: `the answer broke off: ${error.message}` }));
    });
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs} ms (timeout)` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({ error: error.code === 'ECONNREFUSED' ? `connection refused by ${target.host}` : `${error.code ?? 'error'}: ${error.message}` });
    });
    req.end(body);
  });
}
