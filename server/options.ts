// The options shared by the CLI and createSandbox(), with their defaults in one place.
import { isIP } from 'node:net';
import type { SignatureMode } from './api/request-signature.ts';
import type { ClockMode } from './clock/clock.ts';
import { readMerchantName } from './hosted/merchant-name.ts';
import { MAX_JOURNAL_SIZE } from './journal/request-journal.ts';

export type { SignatureMode, ClockMode };

/** The shortest interval between two retention looks: each walks every stored payment. */
export const MIN_RETAIN_EVERY_MS = 100;

export interface SandboxOptions {
  /** HTTP port for listen(); 0 picks a free one. CLI default 8080. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Also serve the same app over TLS on this port with a self-signed certificate. */
  httpsPort?: number;
  /** Extra names (DNS or IP) the HTTPS certificate is valid for, e.g. the service name in a docker-compose network. */
  tlsHosts?: string[];
  /** Data directory for the lowdb files, keys and certificate. Omit (or memory: true) for memory. */
  dataDir?: string;
  memory?: boolean;
  /**
   * Start although a data file is damaged or missing: each damaged file is renamed aside (kept as it was),
   * the sandbox starts with what is intact, and every dropped line or file is logged. Without it, start-up
   * refuses and names the file and line.
   */
  repair?: boolean;
  /** enforce | warn | off. Default warn. */
  signatureMode?: SignatureMode;
  /** Merchant public keys by client id (PEM or bare base64). */
  merchants?: Record<string, string>;
  /**
   * Display names by client id, shown to buyers on the hosted pages (CLI --merchant-name). A merchant
   * registered here gets the name with its key; a client with no key is named all the same.
   */
  merchantNames?: Record<string, string>;
  /** The sandbox's private key (PEM or base64, PKCS#1 or PKCS#8); made and kept in dataDir when omitted. */
  privateKey?: string;
  /** real (scaled by timeScale) or manual. createSandbox defaults to manual, the CLI to real. */
  clock?: ClockMode;
  timeScale?: number;
  /** Virtual start time (epoch ms) of the clock. */
  startAt?: number;
  /** Base URL written into normalUrl, when the sandbox is reached through another address. */
  publicUrl?: string;
  /** Let non-loopback clients use /_sandbox (off by default). */
  remoteControl?: boolean;
  /** Client id assumed for requests that send none (when the signature mode allows it). */
  defaultClientId?: string;
  /**
   * How long a merchant has to answer a notification attempt, wall-clock ms (CLI --notify-timeout).
   * Default 5000. With S slots, N notifications pending to an endpoint that hangs take N x timeout / S to
   * be tried once (docs/notifications.md).
   */
  notifyTimeoutMs?: number;
  /** Notification attempts in flight at once per merchant origin, its "slots" (CLI --notify-slots). Default 4. */
  notifyConcurrency?: number;
  /** Directories (or files) of scenario files (YAML or JSON), tried before the built-in catalogue. */
  scenarioDirs?: string[];
  /** Scenario files given as data (same shape as a file), after those of scenarioDirs. */
  scenarioData?: unknown[];
  /** Seed of the scenario engine's random choices: the same seed gives the same choices for the same requests. Default 0. */
  seed?: number;
  /** How many merchant API calls the request journal keeps (GET /_sandbox/requests), in memory. Default 10,000; 0 turns it off. */
  journalSize?: number;
  /**
   * Drop payments older than this (sandbox ms), with their notifications, in the background; never one with
   * work pending (docs/persistence.md#retention). Default 7 days with a data directory; off (undefined)
   * in memory, whose sandboxes live for a test run. 0 turns it off.
   */
  retainMs?: number;
  /** Keep at most this many payments, the newest (the oldest without pending work go first). Default: no limit. */
  retainMaxPayments?: number;
  /**
   * Wall-clock ms between two looks for payments to drop, when the last look found none (CLI --retain-every).
   * Default 60,000; at least MIN_RETAIN_EVERY_MS, since each look walks every stored payment.
   */
  retainEveryMs?: number;
  /** pino level: error (createSandbox default: only what went wrong unexpectedly), info (CLI default), debug... */
  logLevel?: string;
  /** json (createSandbox default): pino JSON lines; pretty: one readable line per call and notification attempt. */
  logFormat?: 'json' | 'pretty';
}

export type ResolvedOptions = Required<Pick<SandboxOptions, 'host' | 'signatureMode' | 'clock' | 'timeScale' | 'defaultClientId' | 'logLevel' | 'remoteControl'>>
  & Omit<SandboxOptions, 'host' | 'signatureMode' | 'clock' | 'timeScale' | 'defaultClientId' | 'logLevel' | 'remoteControl'>;

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const signatureMode = options.signatureMode ?? 'warn';
  if (!['enforce', 'warn', 'off'].includes(signatureMode)) throw new Error(`signature mode must be enforce, warn or off, not ${signatureMode}`);
  if (options.publicUrl !== undefined && !isHttpUrl(options.publicUrl)) throw new Error(`public URL must be an absolute http:// or https:// URL, not ${JSON.stringify(options.publicUrl)}`);
  for (const [name, value] of [['notifyTimeoutMs', options.notifyTimeoutMs], ['notifyConcurrency', options.notifyConcurrency]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw new Error(`${name} must be a whole number above 0, not ${JSON.stringify(value)}`);
  }
  if (options.journalSize !== undefined && !(Number.isInteger(options.journalSize) && options.journalSize >= 0 && options.journalSize <= MAX_JOURNAL_SIZE)) {
    throw new Error(`journal size must be a whole number from 0 (off) to ${MAX_JOURNAL_SIZE}, not ${options.journalSize}`);
  }
  for (const [name, value] of [['retainMs', options.retainMs], ['retainMaxPayments', options.retainMaxPayments]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) throw new Error(`${name} must be a whole number from 0, not ${JSON.stringify(value)}`);
  }
  if (options.retainEveryMs !== undefined && !(Number.isSafeInteger(options.retainEveryMs) && options.retainEveryMs >= MIN_RETAIN_EVERY_MS)) {
    throw new Error(`retainEveryMs must be a whole number of milliseconds from ${MIN_RETAIN_EVERY_MS}, not ${JSON.stringify(options.retainEveryMs)}`);
  }
  for (const [clientId, name] of Object.entries(options.merchantNames ?? {})) {
    const read = readMerchantName(name);
    if ('problem' in read) throw new Error(`the merchant name of ${clientId} ${read.problem}`);
  }
  for (const name of options.tlsHosts ?? []) {
    if (!isIP(name) && !DNS_NAME.test(name)) throw new Error(`TLS host must be a DNS name or an IP address, not ${JSON.stringify(name)}`);
  }
  return {
    ...options,
    host: options.host ?? '127.0.0.1',
    signatureMode,
    clock: options.clock ?? 'manual',
    timeScale: options.timeScale ?? 1,
    defaultClientId: options.defaultClientId ?? 'SANDBOX_DEFAULT_CLIENT',
    logLevel: options.logLevel ?? 'error',
    remoteControl: options.remoteControl ?? false,
  };
}
