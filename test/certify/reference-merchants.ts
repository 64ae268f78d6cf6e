// Two reference merchants for certification, each a real HTTP server on loopback with its own RSA key:
//   good:   verifies every notification's signature (with its own code on node:crypto, not the
//           sandbox's), acknowledges each result once handled and again when repeated, ignores unknown
//           fields; in checkout it inquires after U or no answer, stops after F, opens normalUrl for a
//           3DS challenge, and inquires when no notification comes soon after a successful pay.
//   sloppy: acknowledges anything without verifying, handles every delivery again (no dedupe); in
//           checkout it retries with a new paymentRequestId after U or no answer, and never inquires.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CertifyReport } from '../../schemas/control/certify.ts';
import { createSandbox, type SandboxInternals } from '../../server/create-sandbox.ts';
import { cardPay, uniqueId } from '../support/bodies.ts';
import { rsa256Verify, signedHeaders, type Merchant } from '../support/merchant.ts';

export type Behaviour = 'good' | 'sloppy';

/** A merchant identity with a key pair of its own. */
export function newMerchant(clientId: string): Merchant {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clientId,
    publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

const PAY = '/ams/api/v1/payments/pay';
const INQUIRY = '/ams/api/v1/payments/inquiryPayment';
const ACK = JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });
/** How long the merchant's HTTP client waits for pay: long enough for a busy machine, short enough for a test. */
export const PAY_TIMEOUT_MS = 2500;
/** How long the good merchant waits for notifyPayment after an S before it inquires (wall clock). */
const NOTIFICATION_WAIT_MS = 200;

interface Answer { result: { resultCode: string; resultStatus: string }; paymentId?: string; normalUrl?: string; paymentStatus?: string }

export interface ReferenceMerchant {
  behaviour: Behaviour;
  clientId: string;
  notifyUrl: string;
  /** Every notification received, in order, with whether it was acknowledged. */
  received: { notifyType?: string; paymentId?: string; acknowledged: boolean }[];
  /** How many times each result was acted on ("shipped"), by notifyType and paymentId. */
  handled: Map<string, number>;
  /** Runs the merchant's checkout for one order, as its own code would; returns the paymentRequestIds it used. */
  checkout(orderId: string): Promise<string[]>;
  /** One signed pay for an order, for a test that scripts a flow of its own; the result status, or undefined without an answer. */
  payOnce(paymentRequestId: string, orderId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The good merchant's check: the signature over "POST <path>\n<client-id>.<request-time>.<raw body>" with the sandbox's public key. */
function verified(req: IncomingMessage, raw: string, sandboxPublicKey: string): boolean {
  const clientId = header(req, 'client-id');
  const time = header(req, 'request-time');
  const signature = /signature=([^,]+)/.exec(header(req, 'signature') ?? '')?.[1];
  if (!clientId || !time || !signature) return false;
  try {
    return rsa256Verify(`POST ${req.url}\n${clientId}.${time}.${raw}`, signature, sandboxPublicKey);
  } catch {
    return false;
  }
}

export async function startReferenceMerchant(behaviour: Behaviour, merchant: Merchant, sandboxUrl: string, sandboxPublicKey: string): Promise<ReferenceMerchant> {
  const received: ReferenceMerchant['received'] = [];
  const handled = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      let body: { notifyType?: string; paymentId?: string; captureId?: string; refundId?: string } = {};
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        // Not JSON: the good merchant refuses it below; the sloppy one acknowledges it anyway.
      }
      const key = `${body.notifyType}:${body.paymentId}:${body.captureId ?? body.refundId ?? ''}`;
      if (behaviour === 'good' && !verified(req, raw, sandboxPublicKey)) {
        received.push({ notifyType: body.notifyType, paymentId: body.paymentId, acknowledged: false });
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ result: { resultCode: 'INVALID_SIGNATURE', resultStatus: 'F', resultMessage: 'signature does not verify' } }));
        return;
      }
      // The good merchant acts on a result once; the sloppy one on every delivery.
      if (behaviour === 'sloppy' || !handled.has(key)) handled.set(key, (handled.get(key) ?? 0) + 1);
      received.push({ notifyType: body.notifyType, paymentId: body.paymentId, acknowledged: true });
      res.writeHead(200, { 'content-type': 'application/json' }).end(ACK);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/antom/notify`;

  /** A signed call; undefined when no answer came before the client's timeout (or the connection broke). */
  async function call(path: string, body: object, timeoutMs = PAY_TIMEOUT_MS): Promise<Answer | undefined> {
    const text = JSON.stringify(body);
    try {
      const res = await fetch(`${sandboxUrl}${path}`, { method: 'POST', headers: signedHeaders(merchant, path, text), body: text, signal: AbortSignal.timeout(timeoutMs) });
      return (await res.json()) as Answer;
    } catch {
      return undefined;
    }
  }

  const pay = (paymentRequestId: string, orderId: string) =>
    call(PAY, cardPay({ paymentRequestId, paymentNotifyUrl: notifyUrl, order: { referenceOrderId: orderId, orderDescription: `order ${orderId}` } }, { cardNo: '4054695723100768' }));

  async function inquireUntilFinal(paymentRequestId: string): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const answer = await call(INQUIRY, { paymentRequestId });
      if (answer?.paymentStatus === 'SUCCESS' || answer?.paymentStatus === 'FAIL') return;
      await sleep(50);
    }
  }

  async function goodCheckout(orderId: string): Promise<string[]> {
    const id = uniqueId('PAY');
    const answer = await pay(id, orderId);
    if (answer?.result.resultStatus === 'F') return [id];
    if (answer?.result.resultStatus === 'U' && answer.normalUrl) {
      // The buyer's browser goes to the challenge; the result comes by notification or inquiry.
      await fetch(answer.normalUrl).then((res) => res.text());
    } else if (answer?.result.resultStatus === 'S') {
      const until = Date.now() + NOTIFICATION_WAIT_MS;
      while (Date.now() < until && !received.some((n) => n.paymentId === answer.paymentId && n.acknowledged)) await sleep(20);
      if (received.some((n) => n.paymentId === answer.paymentId && n.acknowledged)) return [id];
    }
    await inquireUntilFinal(id);
    return [id];
  }

  async function sloppyCheckout(orderId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = uniqueId('PAY');
      ids.push(id);
      const answer = await pay(id, orderId);
      // U or no answer "failed": try again with a new id, charging the buyer twice.
      if (answer && answer.result.resultStatus !== 'U') break;
    }
    return ids;
  }

  return {
    behaviour, clientId: merchant.clientId, notifyUrl, received, handled,
    checkout: behaviour === 'good' ? goodCheckout : sloppyCheckout,
    payOnce: async (paymentRequestId, orderId) => (await pay(paymentRequestId, orderId))?.result.resultStatus,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A sandbox enforcing signatures that knows a good and a sloppy reference merchant (`<prefix>_GOOD`, `<prefix>_SLOPPY`), both started. */
export interface ReferenceSetup { sandbox: SandboxInternals; url: string; good: ReferenceMerchant; sloppy: ReferenceMerchant; close(): Promise<void> }

export async function startWithReferenceMerchants(prefix: string): Promise<ReferenceSetup> {
  const goodKeys = newMerchant(`${prefix}_GOOD`);
  const sloppyKeys = newMerchant(`${prefix}_SLOPPY`);
  const sandbox = await createSandbox({ signatureMode: 'enforce', merchants: { [goodKeys.clientId]: goodKeys.publicKeyBase64, [sloppyKeys.clientId]: sloppyKeys.publicKeyBase64 } });
  const listening = await sandbox.listen();
  const good = await startReferenceMerchant('good', goodKeys, listening.url, sandbox.keys.publicKeyBase64);
  const sloppy = await startReferenceMerchant('sloppy', sloppyKeys, listening.url, sandbox.keys.publicKeyBase64);
  return {
    sandbox, url: listening.url, good, sloppy,
    close: async () => {
      await good.close();
      await sloppy.close();
      await listening.close();
    },
  };
}

/** Each check's verdict by its id. */
export const verdicts = (report: CertifyReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
