// The sandbox as a library user holds it: a small, deliberate surface. Its types need nothing but
// @types/node and the package's own declarations (Express, the store and the scenario engine stay inside),
// so a strict TypeScript project type-checks against the published .d.ts files with skipLibCheck off.
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttemptEvent, NotificationFilter } from './notify/outbox.ts';
import type { NotificationRecord } from './notify/notification.ts';

export interface Listening {
  /** http://host:port of the merchant API, the pages and the control plane. */
  url: string;
  /** https://host:port when httpsPort was set. */
  httpsUrl?: string;
  /** Stops the servers, then the sandbox (timers, store). */
  close(): Promise<void>;
}

export interface SandboxClock {
  /** Sandbox time, epoch milliseconds. */
  now(): number;
  /** Moves sandbox time forward and runs everything that falls due: notification retries, expiries. */
  advance(ms: number): Promise<void>;
  /** Runs what is already due, without moving time. */
  runDue(): Promise<void>;
}

export interface SandboxPublicKey {
  /** Bare base64 SPKI DER: the form the official SDKs take as "Antom's public key". */
  publicKeyBase64: string;
  publicKeyPem: string;
  publicKey: KeyObject;
}

export interface SandboxNotifications {
  /** Resolves with the first delivery attempt matching the filter, past or future; rejects after timeoutMs (default 5000). */
  waitForAttempt(filter?: NotificationFilter, timeoutMs?: number): Promise<AttemptEvent>;
  /** Runs every attempt due now and waits until none is in flight. */
  flush(): Promise<void>;
  /** Notifications, newest first. */
  list(filter?: { paymentId?: string; status?: string }): NotificationRecord[];
}

export interface Sandbox {
  /** A Node request listener serving everything (merchant API, pages, control plane), for supertest or your own server. */
  handler(req: IncomingMessage, res: ServerResponse): void;
  clock: SandboxClock;
  /** The sandbox's signing key: configure its public half in the merchant's SDK as Antom's public key. */
  keys: SandboxPublicKey;
  notifications: SandboxNotifications;
  /**
   * Registers (or replaces) a merchant's public key, PEM or bare base64; `name` is what its buyers see on
   * the hosted card and 3DS pages (a pay's own order.merchant.merchantDisplayName comes first).
   * @example await sandbox.registerMerchant('SHOP_1', publicKeyPem, { name: 'Sample Shop' });
   */
  registerMerchant(clientId: string, publicKey: string, options?: { name?: string }): Promise<void>;
  /** Starts HTTP (and HTTPS when httpsPort is set) on the given port (default: options.port, else 0) and resolves once both accept connections. */
  listen(port?: number): Promise<Listening>;
  /** Stops timers and flushes the store. listen()'s close() does this too. */
  close(): Promise<void>;
}

export type { AttemptEvent, NotificationFilter, NotificationRecord };
export type { AttemptRecord } from './notify/notification.ts';
