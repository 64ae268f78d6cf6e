// The sandbox without its sockets: store, clock, keys, runtime and the merchant API's dependencies.
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { MerchantApiDeps } from './api/handle-merchant-call.ts';
import { createClock, type Clock } from './clock/clock.ts';
import type { DecidePayOutcome } from './scenario/decide-pay-outcome.ts';
import type { DecideCaptureOutcome, DecideRefundOutcome } from './scenario/decide-lifecycle-outcome.ts';
import { refuse, type Refusal } from './api/refusal.ts';
import { createLogger, logAttempt, logCall } from './log/logger.ts';
import { EventBus } from './events/event-bus.ts';
import { publishStoreChanges } from './events/store-events.ts';
import { isMerchantApiPath } from './api/routes.ts';
import { recordOfCall } from './journal/record-call.ts';
import { RequestJournal, summaryOf } from './journal/request-journal.ts';
import { checkKeyAndStore, loadOrCreateKeys, loadOrCreateTls, tlsNamesFor, type TlsIdentity } from './crypto/key-files.ts';
import { processSandboxKeys, keysFromPrivatePem, parsePublicKey, type SandboxKeys } from './crypto/keys.ts';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './options.ts';
import { readMerchantName } from './hosted/merchant-name.ts';
import { Outbox } from './notify/outbox.ts';
import { NotificationReceiver } from './notify/receiver.ts';
import { Schedule } from './clock/schedule.ts';
import { adoptEarlierWork } from './adopt-earlier-work.ts';
import { expireVaultingsOnSchedule } from './vault/vaulting-expiry.ts';
import { PaymentRuntime } from './payment/payment-runtime.ts';
import { ScenarioEngine } from './scenario/scenario-engine.ts';
import { claimDataDir, type DataDirLock } from './store/data-dir.ts';
import { SandboxStore } from './store/sandbox-store.ts';
import { DEFAULT_RETAIN_MS, Retention } from './store/retention.ts';

const CLOCK_LEAD = 'clock-lead-ms';

/** A directory that lost its key or its store is refused first (unless repair), then the store is opened. */
async function openStore(dataDir: string, options: ResolvedOptions, logger: Logger): Promise<SandboxStore> {
  if (!options.privateKey) await checkKeyAndStore(dataDir, options.repair === true);
  return SandboxStore.open(dataDir, { repair: options.repair, logger });
}

/** What a sandbox is made of; create() builds them from the options, a test may hand its own. */
export interface SandboxParts {
  options: ResolvedOptions;
  store: SandboxStore;
  clock: Clock;
  keys: SandboxKeys;
  /** The one schedule of later work (expiries, settlements, notification attempts). */
  schedule: Schedule;
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
  readonly schedule: Schedule;
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
  /** The last merchant API calls (GET /_sandbox/requests). */
  readonly journal: RequestJournal;
  /** Live events (GET /_sandbox/events). */
  readonly events = new EventBus();
  /** Drops old payments in the background (--retain, --retain-max). */
  readonly retention: Retention;

  constructor(parts: SandboxParts) {
    ({
      options: this.options, store: this.store, clock: this.clock, keys: this.keys, schedule: this.schedule, payments: this.payments,
      notifications: this.notifications, scenarios: this.scenarios, logger: this.logger,
    } = parts);
    const { options, store, clock, keys, schedule, payments, scenarios, logger } = parts;
    this.decidePay = scenarios.decide;
    this.decideCapture = scenarios.decideCapture;
    this.decideRefund = scenarios.decideRefund;
    this.tls = parts.tls;
    this.lock = parts.lock;
    this.journal = new RequestJournal(options.journalSize);
    const retainMs = options.retainMs ?? (store.dir ? DEFAULT_RETAIN_MS : undefined);
    this.retention = new Retention(store, () => clock.now(), {
      maxAgeMs: retainMs === 0 ? undefined : retainMs,
      maxPayments: options.retainMaxPayments === 0 ? undefined : options.retainMaxPayments,
      intervalMs: options.retainEveryMs,
    });
    publishStoreChanges(store, this.events);
    scenarios.onPinUsed = ({ pin, operation, remaining }) => {
      this.events.publish('pin', { change: 'used', scenario: pin.scenario, ...(pin.clientId ? { clientId: pin.clientId } : {}), operation, remaining });
    };
    const logsCalls = logger.isLevelEnabled('info');
    if (logger.isLevelEnabled('warn')) this.notifications.onAttempt((event) => logAttempt(logger, event));
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
        store, clock, payments, schedule,
        decidePay: (input) => this.decidePay(input),
        decideCapture: (input) => this.decideCapture(input),
        decideRefund: (input) => this.decideRefund(input),
        knowsCard: (fingerprint) => this.knowsCard(fingerprint),
      },
      onAnswer: (call) => {
        // The journal is of merchant API calls; a browser's /favicon.ico answered by the catch-all is not one.
        if ((this.journal.enabled || this.events.active) && isMerchantApiPath(call.path)) {
          const record = this.journal.add(recordOfCall(call));
          if (this.events.active) this.events.publish('request', summaryOf(record));
        }
        // One line per call at info: operation, client, result and time (never the body: it may hold a card).
        if (logsCalls) logCall(logger, call);
      },
      onUnverified: (clientId) => {
        if (this.warnedClients.has(clientId)) return;
        this.warnedClients.add(clientId);
        logger.warn({ clientId }, 'accepting unverified requests from this client: no public key is registered (signature mode warn)');
      },
    };
  }

  static async create(input: SandboxOptions): Promise<SandboxCore> {
    const options = resolveOptions(input);
    const dataDir = options.memory ? undefined : options.dataDir;
    // A memory sandbox's key (made once per process, on the thread pool) is on its way while the scenario
    // catalogue is read and compiled: the first sandbox of a test suite need not wait for one, then the other.
    const sharedKeys = !options.privateKey && !dataDir ? processSandboxKeys() : undefined;
    sharedKeys?.catch(() => {});
    // Scenario files first: a bad one stops start-up before the data directory is touched.
    const scenarios = await ScenarioEngine.load({ dirs: options.scenarioDirs, data: options.scenarioData, seed: options.seed });
    const logger = createLogger(options.logLevel, options.logFormat);
    // The lock before anything is read: a second sandbox on the same directory must not even load it.
    const lock = dataDir ? await claimDataDir(dataDir) : undefined;
    const store = dataDir ? await openStore(dataDir, options, logger).catch(async (error: unknown) => {
      await lock?.release();
      throw error;
    }) : SandboxStore.memory();
    for (const line of store.repairs) logger.warn(`repair: ${line}`);
    const keys = options.privateKey ? keysFromPrivatePem(options.privateKey) : dataDir ? await loadOrCreateKeys(dataDir) : await sharedKeys!;
    const tls = options.httpsPort === undefined ? undefined : await loadOrCreateTls(dataDir, tlsNamesFor(options.host, options.publicUrl, options.tlsHosts));
    // Time never goes back across a restart, even after kill -9: the clock's lead over wall time goes
    // into every commit that changes anything (store.beforeAppend), so it is at least the lead of any time
    // stored, and the clock resumes from it. A scaled or manual clock's lead changes all the time; a real
    // one at scale 1 only when moved, so its commits carry nothing extra.
    let savedLead = store.settings.get(CLOCK_LEAD)?.value ?? 0;
    const keepLead = () => {
      const lead = clock.now() - Date.now();
      if (lead === savedLead) return;
      savedLead = lead;
      store.settings.put({ id: CLOCK_LEAD, value: lead });
    };
    const saveLead = () => {
      keepLead();
      void store.commit();
    };
    // The core (and its event stream) exists only once the clock does; the clock is moved only after that.
    let announceAdvance = () => {};
    const clock = createClock({
      mode: options.clock, timeScale: options.timeScale, startAt: options.startAt ?? Date.now() + savedLead,
      onAdvance: () => { saveLead(); announceAdvance(); }, logger,
    });
    store.beforeAppend = keepLead;
    const schedule = new Schedule(store, clock, logger);
    const notifications = new Outbox(store, clock, schedule, keys, {
      timeoutMs: options.notifyTimeoutMs ?? 5000,
      concurrencyPerOrigin: options.notifyConcurrency ?? 4,
    });
    const payments = new PaymentRuntime(store, clock, schedule, notifications);
    expireVaultingsOnSchedule(schedule, store);
    const core = new SandboxCore({ options, store, clock, keys, schedule, payments, notifications, scenarios, logger, tls, lock });
    announceAdvance = () => core.events.publish('clock', { now: new Date(clock.now()).toISOString(), epochMs: clock.now() });
    for (const [clientId, publicKey] of Object.entries(options.merchants ?? {})) {
      // A bad merchants option: createSandbox() rejects, as for any other bad option.
      const refused = await core.registerMerchant(clientId, publicKey, options.merchantNames?.[clientId]);
      if (refused) throw new Error(refused.refused.resultMessage);
    }
    // Every handler is in place; the first-attempt order is known before any entry can run.
    notifications.restore();
    adoptEarlierWork(store, schedule);
    await store.commit();
    schedule.restore();
    core.retention.start();
    return core;
  }

  /** Whether the scenario files name this card; only such a card's fingerprint is stored (save-card.ts). */
  readonly knowsCard = (fingerprint: string): boolean => this.scenarios.knowsCard(fingerprint);

  /**
   * The name a merchant's buyers see on the hosted pages: the registered one, else one given by
   * merchantNames (--merchant-name) for a client with no key; undefined for neither.
   */
  readonly merchantNameOf = (clientId: string): string | undefined =>
    this.store.merchants.get(clientId)?.name ?? this.options.merchantNames?.[clientId]?.trim();

  /**
   * Registers (or replaces) a merchant's key; a name given is what its buyers see on the hosted pages.
   * A key or name that cannot be used is refused as a value (PARAM_ILLEGAL), nothing registered.
   */
  async registerMerchant(clientId: string, publicKey: string, name?: string): Promise<Refusal | undefined> {
    let key: KeyObject;
    try {
      key = parsePublicKey(publicKey);
    } catch (error) {
      return refuse('PARAM_ILLEGAL', `publicKey for ${clientId} is not an RSA public key in PEM or base64: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'rsa') return refuse('PARAM_ILLEGAL', `publicKey for ${clientId} must be an RSA key`);
    let shown: string | undefined;
    if (name !== undefined) {
      const read = readMerchantName(name);
      if ('problem' in read) return refuse('PARAM_ILLEGAL', `name for ${clientId} ${read.problem}`);
      shown = read.name;
    }
    this.merchantKeys.set(clientId, key);
    this.store.merchants.put({ clientId, publicKey, registeredAt: this.clock.now(), ...(shown ? { name: shown } : {}) });
    await this.store.commit();
    return undefined;
  }

  async close(): Promise<void> {
    this.store.settings.put({ id: CLOCK_LEAD, value: this.clock.now() - Date.now() });
    this.retention.stop();
    this.schedule.stop();
    this.clock.stop();
    this.notifications.closeConnections();
    await this.store.close();
    await this.lock?.release();
  }
}
