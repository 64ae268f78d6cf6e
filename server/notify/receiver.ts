// The sandbox's own notify URL, /_sandbox/receiver/:name: a merchant endpoint that works offline, so a
// first pay shows a real, signed delivery instead of retries to a host that does not exist. It behaves as
// a careful merchant does: it verifies the signature with the sandbox's public key over the exact bytes
// and path it was sent, acknowledges only what verifies, and keeps what it got for the control plane.
// Kept in memory and bounded: the latest MAX_PER_NAME per name, MAX_NAMES names.
import type { KeyObject } from 'node:crypto';
import { parseSignatureHeader, verifyMessage } from '../crypto/signature.ts';

const MAX_PER_NAME = 1000;
const MAX_NAMES = 100;

export interface ReceivedNotification {
  /** Sequence number, from 1 for the first received since start. */
  seq: number;
  /** Sandbox time of arrival (ISO). */
  receivedAt: string;
  name: string;
  path: string;
  notifyType?: string;
  paymentId?: string;
  headers: { 'client-id'?: string; 'request-time'?: string; signature?: string };
  body: string;
  signatureValid: boolean;
  /** Why the signature did not verify. */
  signatureProblem?: string;
}

export interface ReceiverAnswer { status: number; body: { result: { resultCode: string; resultStatus: string; resultMessage: string } } }

const ACK: ReceiverAnswer['body'] = { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } };

export class NotificationReceiver {
  private readonly byName = new Map<string, ReceivedNotification[]>();
  private seq = 0;

  constructor(private readonly sandboxPublicKey: KeyObject, private readonly now: () => number) {}

  receive(name: string, path: string, headers: ReceivedNotification['headers'], body: string): ReceiverAnswer {
    const problem = signatureProblem(path, headers, body, this.sandboxPublicKey);
    const parsed = parseJson(body);
    const record: ReceivedNotification = {
      seq: ++this.seq, receivedAt: new Date(this.now()).toISOString(), name, path,
      notifyType: typeof parsed?.notifyType === 'string' ? parsed.notifyType : undefined,
      paymentId: typeof parsed?.paymentId === 'string' ? parsed.paymentId : undefined,
      headers, body, signatureValid: problem === undefined, signatureProblem: problem,
    };
    this.keep(name, record);
    return problem === undefined
      ? { status: 200, body: ACK }
      : { status: 200, body: { result: { resultCode: 'INVALID_SIGNATURE', resultStatus: 'F', resultMessage: problem } } };
  }

  /** Newest first. */
  list(name: string): ReceivedNotification[] {
    return [...(this.byName.get(name) ?? [])].reverse();
  }

  names(): { name: string; count: number }[] {
    return [...this.byName].map(([name, list]) => ({ name, count: list.length }));
  }

  clear(name?: string): void {
    if (name === undefined) this.byName.clear();
    else this.byName.delete(name);
  }

  private keep(name: string, record: ReceivedNotification): void {
    let list = this.byName.get(name);
    if (!list) {
      if (this.byName.size >= MAX_NAMES) this.byName.delete(this.byName.keys().next().value!);
      list = [];
      this.byName.set(name, list);
    }
    list.push(record);
    if (list.length > MAX_PER_NAME) list.splice(0, list.length - MAX_PER_NAME);
  }
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function signatureProblem(path: string, headers: ReceivedNotification['headers'], body: string, key: KeyObject): string | undefined {
  const clientId = headers['client-id'];
  const time = headers['request-time'];
  const signature = headers.signature && parseSignatureHeader(headers.signature).signature;
  if (!clientId || !time || !signature) return 'the client-id, request-time or signature header is missing';
  return verifyMessage({ path, clientId, time, body }, signature, key) ? undefined : 'the signature does not verify with the sandbox public key';
}
