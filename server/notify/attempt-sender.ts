// Making one attempt: the body signed as Antom signs it, sent within the bound on concurrent requests to
// the merchant's origin (kept-alive connections, at most the attempt timeout), and the merchant's answer
// judged. Every outcome is an AttemptRecord, a failure to make the attempt at all included.
import type { Agent as HttpAgent } from 'node:http';
import pLimit, { type LimitFunction } from 'p-limit';
import { formatTime, type Clock } from '../clock/clock.ts';
import { signatureHeader, signMessage } from '../crypto/signature.ts';
import type { SandboxKeys } from '../crypto/keys.ts';
import { judgeAnswer } from './acknowledgement.ts';
import type { AttemptKind, AttemptRecord, NotificationRecord } from './notification.ts';
import { agentFor, sendNotification } from './send-notification.ts';

export interface SenderOptions { timeoutMs: number; concurrencyPerOrigin: number }

const RESPONSE_CAP = 4096;

export class AttemptSender {
  private readonly channels = new Map<string, { limit: LimitFunction; agent: HttpAgent }>();

  constructor(private readonly clock: Clock, private readonly keys: SandboxKeys, private readonly options: SenderOptions) {}

  async send(record: NotificationRecord, kind: AttemptKind): Promise<AttemptRecord> {
    const requestTime = formatTime(this.clock.now());
    const target = new URL(record.url);
    const path = `${target.pathname}${target.search}`;
    const signature = await signMessage({ path, clientId: record.clientId, time: requestTime, body: record.body }, this.keys.privateKey);
    // Lower-case header names, as Antom sends them.
    const requestHeaders = {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': record.clientId,
      'request-time': requestTime,
      signature: signatureHeader(signature),
    };
    // Signing happens before taking a slot: the bound is on requests to the merchant, and the signatures
    // of the next ones proceed on the thread pool while the current ones are in flight.
    const { limit, agent } = this.channelFor(target);
    const result = await limit(() => sendNotification(record.url, requestHeaders, record.body, this.options.timeoutMs, agent));
    const verdict = result.error !== undefined ? { delivered: false as const, error: result.error } : judgeAnswer(result.status!, result.body ?? '');
    const faults = record.faults;
    return {
      number: record.attempts.length + 1,
      kind,
      at: requestTime,
      requestHeaders,
      responseStatus: result.status,
      responseBody: result.body?.slice(0, RESPONSE_CAP),
      latencyMs: result.latencyMs,
      delivered: verdict.delivered,
      error: verdict.delivered ? undefined : verdict.error,
      fault: kind === 'duplicate' ? 'duplicate'
        : faults?.outOfOrder && record.attempts.length === 0 ? 'out of order'
        : faults?.delayMs && record.attempts.length === 0 ? `delayed ${faults.delayMs} ms` : undefined,
    };
  }

  /** What the attempt of a record is when it could not be made (signing or sending threw). */
  failed(record: NotificationRecord, kind: AttemptKind, error: unknown): AttemptRecord {
    return {
      number: record.attempts.length + 1, kind, at: formatTime(this.clock.now()),
      requestHeaders: {}, delivered: false, error: `the attempt could not be made: ${(error as Error).message}`,
    };
  }

  /** A scheduled attempt a drop fault swallows: recorded, never sent. */
  dropped(record: NotificationRecord): AttemptRecord {
    return {
      number: record.attempts.length + 1, kind: 'dropped', at: formatTime(this.clock.now()),
      requestHeaders: {}, delivered: false, error: 'dropped on purpose: never sent', fault: `drop first ${record.faults!.dropFirst}`,
    };
  }

  /** Closes the kept-alive connections to merchants. */
  closeConnections(): void {
    for (const { agent } of this.channels.values()) agent.destroy();
    this.channels.clear();
  }

  /** The bound on concurrent requests to one merchant origin, and the kept-alive connections it uses. */
  private channelFor(target: URL): { limit: LimitFunction; agent: HttpAgent } {
    let channel = this.channels.get(target.origin);
    if (!channel) {
      channel = { limit: pLimit(this.options.concurrencyPerOrigin), agent: agentFor(target, this.options.concurrencyPerOrigin) };
      this.channels.set(target.origin, channel);
    }
    return channel;
  }
}
