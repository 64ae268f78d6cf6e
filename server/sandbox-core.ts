// The sandbox without its sockets: store, clock, keys, runtime and the merchant API's dependencies.
import type { KeyObject } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { MerchantApiDeps } from './api/handle-merchant-call.ts';
import { createClock, type Clock } from './clock/clock.ts';
import type { DecidePayOutcome } from './scenario/decide-pay-outcome.ts';
import type { DecideCaptureOutcome, DecideRefundOutcome } from './scenario/decide-lifecycle-outcome.ts';
import { SandboxError } from './api/result-codes.ts';
import { loadOrCreateKeys, loadOrCreateTls, tlsNamesFor, type TlsIdentity } from './crypto/key-files.ts';
import { processSandboxKeys, keysFromPrivatePem, parsePublicKey, type SandboxKeys } from './crypto/keys.ts';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './options.ts';
import { Outbox } from './notify/outbox.ts';
import { NotificationReceiver } from './notify/receiver.ts';
import { DurableTimers } from './clock/durable-timers.ts';
import { PaymentRuntime } from './payment/payment-runtime.ts';
import { ScenarioEngine } from './scenario/scenario-engine.ts';
import { claimDataDir, type DataDirLock } from './store/data-dir.ts';
import { SandboxStore } from './store/sandbox-store.ts';

const CLOCK_LEAD = 'clock-lead-ms';

/** What a sandbox is made of; create() builds them from the options, a test may hand its own. */
export interface SandboxParts {
  options: ResolvedOptions;
  store: SandboxStore;
  clock: Clock;
  keys: SandboxKeys;
  timers: DurableTimers;
  payments: PaymentRuntime;
  notifications: Outbox;
  /** The scenario engine: catalogue, pins and sequences; its decisions are the ones in use. */
  scenarios: ScenarioEngine;
  logger: Logger;
  /** The HTTPS certificate, when httpsPort is set. */
  tls?: TlsIdentity;
  /** The data directory's lock, released by close(). */
  lock?: DataDirLock;
}

export class SandboxCore {
  readonly merchantKeys = new Map<string, KeyObject>();
  readonly options: ResolvedOptions;
  readonly store: SandboxStore;
  readonly clock: Clock;
  readonly keys: SandboxKeys;
  readonly timers: DurableTimers;
  readonly payments: PaymentRuntime;
  readonly notifications: Outbox;
  readonly scenarios: ScenarioEngine;
  readonly logger: Logger;
  readonly tls: TlsIdentity | undefined;
  readonly lock: DataDirLock | undefined;
  /**
   * The decisions in use: the scenario engine's. Replaceable from a test (documented hooks), which is why
   * the merchant API reads them at call time.
   */
  decidePay: DecidePayOutcome;
  decideCapture: DecideCaptureOutcome;
  decideRefund: DecideRefundOutcome;
  private readonly warnedClients = new Set<string>();
  /** The built-in notify URL, /_sandbox/receiver/:name. */
  readonly receiver: NotificationReceiver;
  readonly deps: MerchantApiDeps;

  constructor(parts: SandboxParts) {
    ({
      options: this.options, store: this.store, clock: this.clock, keys: this.keys, timers: this.timers,
      payments: this.payments, notifications: this.notifications, scenarios: this.scenarios, logger: this.logger,
    } = parts);
    const { options, store, clock, keys, payments, scenarios, logger } = parts;
    this.decidePay = scenarios.decide;
    this.decideCapture = scenarios.decideCapture;
    this.decideRefund = scenarios.decideRefund;
    this.tls = parts.tls;
    this.lock = parts.lock;
    this.receiver = new NotificationReceiver(keys.publicKey, () => clock.now());
    for (const merchant of store.merchants.values()) this.merchantKeys.set(merchant.clientId, parsePublicKey(merchant.publicKey));
    this.deps = {
      clock,
      signatureMode: options.signatureMode,
      sandboxKey: keys.privateKey,
      merchantKey: (clientId) => this.merchantKeys.get(clientId),
      defaultClientId: options.defaultClientId,
      logger,
      context: {
        store, clock, payments,
        decidePay: (input) => this.decidePay(input),
        decideCapture: (input) => this.decideCapture(input),
        decideRefund: (input) => this.decideRefund(input),
      },
      // Every call at debug level: method, path, client, operation and result (never the body: it may hold a card).
      onAnswer: logger.isLevelEnabled('debug')
        ? (call, answer) => logger.debug({ ...call, operation: answer.operation, result: answer.result }, 'merchant API call')
        : undefined,
      onUnverified: (clientId) => {
        if (this.warnedClients.has(clientId)) return;
        this.warnedClients.add(clientId);
        logger.warn({ clientId }, 'accepting unverified requests from this client: no public key is registered (signature mode warn)');
      },
    };
  }

  static async create(input: SandboxOptions): Promise<SandboxCore> {
    const options = resolveOptions(input);
    // Scenario files first: a bad one stops start-up before the data directory is touched.
    const scenarios = await ScenarioEngine.load({ dirs: options.scenarioDirs, data: options.scenarioData, seed: options.seed });
    const logger = pino({ level: options.logLevel, base: undefined });
    const dataDir = options.memory ? undefined : options.dataDir;
    // The lock before anything is read: a second sandbox on the same directory must not even load it.
    const lock = dataDir ? await claimDataDir(dataDir) : undefined;
    const store = dataDir ? await SandboxStore.open(dataDir).catch(async (error: unknown) => {
      await lock?.release();
      throw error;
    }) : SandboxStore.memory();
    const keys = options.privateKey ? keysFromPrivatePem(options.privateKey) : dataDir ? await loadOrCreateKeys(dataDir) : await processSandboxKeys();
    const tls = options.httpsPort === undefined ? undefined : await loadOrCreateTls(dataDir, tlsNamesFor(options.host, options.publicUrl, options.tlsHosts));
    // Time that was moved forward stays moved across a restart: the clock resumes as far ahead of wall
    // time as it was, so stored times never lie in the future and pending timers keep their place.
    const lead = store.settings.get(CLOCK_LEAD)?.value ?? 0;
    const saveLead = () => {
      store.settings.put({ id: CLOCK_LEAD, value: clock.now() - Date.now() });
      void store.commit();
    };
    const clock = createClock({ mode: options.clock, timeScale: options.timeScale, startAt: options.startAt ?? Date.now() + lead, onAdvance: saveLead });
    const timers = new DurableTimers(store, clock);
    const notifications = new Outbox(store, clock, keys, {
      timeoutMs: options.notifyTimeoutMs ?? 5000,
      concurrencyPerOrigin: options.notifyConcurrency ?? 4,
    });
    const payments = new PaymentRuntime(store, clock, timers, notifications);
    const core = new SandboxCore({ options, store, clock, keys, timers, payments, notifications, scenarios, logger, tls, lock });
    for (const [clientId, publicKey] of Object.entries(options.merchants ?? {})) await core.registerMerchant(clientId, publicKey);
    timers.restore();
    payments.restore();
    notifications.restore();
    return core;
  }

  async registerMerchant(clientId: string, publicKey: string): Promise<void> {
    let key: KeyObject;
    try {
      key = parsePublicKey(publicKey);
    } catch (error) {
      throw new SandboxError('PARAM_ILLEGAL', `publicKey for ${clientId} is not an RSA public key in PEM or base64: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'rsa') throw new SandboxError('PARAM_ILLEGAL', `publicKey for ${clientId} must be an RSA key`);
    this.merchantKeys.set(clientId, key);
    this.store.merchants.put({ clientId, publicKey, registeredAt: this.clock.now() });
    await this.store.commit();
  }

  async close(): Promise<void> {
    this.store.settings.put({ id: CLOCK_LEAD, value: this.clock.now() - Date.now() });
    this.timers.stop();
    this.clock.stop();
    this.notifications.closeConnections();
    await this.store.close();
    await this.lock?.release();
  }
}
