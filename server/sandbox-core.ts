// The sandbox without its sockets: store, clock, keys, runtime and the merchant API's dependencies.
import type { KeyObject } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { MerchantApiDeps } from './api/handle-merchant-call.ts';
import { createClock, type Clock } from './core/clock.ts';
import { decideByDefault, type DecidePayOutcome } from './core/decide-pay-outcome.ts';
import {
  decideCaptureByDefault, decideRefundByDefault, type DecideCaptureOutcome, type DecideRefundOutcome,
} from './core/decide-lifecycle-outcome.ts';
import { SandboxError } from './core/result-codes.ts';
import { loadOrCreateKeys, loadOrCreateTls, tlsNamesFor, type TlsIdentity } from './crypto/key-files.ts';
import { generateSandboxKeys, keysFromPrivatePem, parsePublicKey, type SandboxKeys } from './crypto/keys.ts';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './options.ts';
import { Outbox } from './notifications/outbox.ts';
import { DurableTimers } from './runtime/durable-timers.ts';
import { PaymentRuntime } from './runtime/payment-runtime.ts';
import { ScenarioEngine } from './scenarios/scenario-engine.ts';
import { SandboxStore } from './store/sandbox-store.ts';

const CLOCK_LEAD = 'clock-lead-ms';

export class SandboxCore {
  readonly merchantKeys = new Map<string, KeyObject>();
  decidePay: DecidePayOutcome = decideByDefault;
  /** The scenario engine: catalogue, pins and sequences. create() makes its decide the decidePay in use. */
  scenarios!: ScenarioEngine;
  /** Outcomes of captures and refunds the rules accepted: the scenario engine's once create() has run; replaceable like decidePay. */
  decideCapture: DecideCaptureOutcome = decideCaptureByDefault;
  decideRefund: DecideRefundOutcome = decideRefundByDefault;
  private readonly warnedClients = new Set<string>();
  readonly deps: MerchantApiDeps;

  private constructor(
    readonly options: ResolvedOptions,
    readonly store: SandboxStore,
    readonly clock: Clock,
    readonly keys: SandboxKeys,
    readonly timers: DurableTimers,
    readonly payments: PaymentRuntime,
    readonly logger: Logger,
    readonly notifications: Outbox,
    /** The HTTPS certificate, when httpsPort is set. */
    readonly tls: TlsIdentity | undefined,
  ) {
    payments.notifier = notifications;
    for (const merchant of store.merchants.values()) this.merchantKeys.set(merchant.clientId, parsePublicKey(merchant.publicKey));
    const decide = () => this.decidePay;
    this.deps = {
      clock,
      signatureMode: options.signatureMode,
      sandboxKey: keys.privateKey,
      merchantKey: (clientId) => this.merchantKeys.get(clientId),
      defaultClientId: options.defaultClientId,
      context: {
        store, clock, payments,
        decidePay: (input) => decide()(input),
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
    const store = dataDir ? await SandboxStore.open(dataDir) : SandboxStore.memory();
    const keys = options.privateKey ? keysFromPrivatePem(options.privateKey) : dataDir ? await loadOrCreateKeys(dataDir) : generateSandboxKeys();
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
    const payments = new PaymentRuntime(store, clock, timers);
    const outbox = new Outbox(store, clock, keys, {
      timeoutMs: options.notifyTimeoutMs ?? 5000,
      concurrencyPerOrigin: options.notifyConcurrency ?? 4,
    });
    const core = new SandboxCore(options, store, clock, keys, timers, payments, logger, outbox, tls);
    core.scenarios = scenarios;
    core.decidePay = scenarios.decide;
    core.decideCapture = scenarios.decideCapture;
    core.decideRefund = scenarios.decideRefund;
    for (const [clientId, publicKey] of Object.entries(options.merchants ?? {})) await core.registerMerchant(clientId, publicKey);
    timers.restore();
    payments.restore();
    outbox.restore();
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
  }
}
