// The scenario engine: the catalogue (data, loaded once) plus the little state a QA session changes on
// purpose: pins, and how far each card or buyer has got through a sequence. The decisions themselves are
// pickOutcome() (pay) and pickLifecycleOutcome() (capture, refund), pure functions; this class only hands
// them a read-only view and applies what they return. The state is in memory: a restart clears pins and
// sequence counters.
import { randomUUID } from 'node:crypto';
import type { ScenarioOperation } from '../../schemas/scenario-file.ts';
import type { DecideCaptureOutcome, DecideRefundOutcome } from './decide-lifecycle-outcome.ts';
import type { DecidePayOutcome } from './decide-pay-outcome.ts';
import { isRefusal, refuse, type Refusal } from '../api/refusal.ts';
import { packagePath } from '../package-root.ts';
import type { Catalogue } from './catalogue-types.ts';
import { compileCatalogue } from './compile-catalogue.ts';
import { loadScenarioSources, scenarioSourceFromData, type ScenarioSource } from './load-scenario-files.ts';
import { isScenarioProblems, ScenarioFileError, type ScenarioProblems } from './scenario-problems.ts';
import { pickLifecycleOutcome } from './pick-lifecycle-outcome.ts';
import { pickOutcome, type Deferred, type EngineView, type Pin } from './pick-outcome.ts';

export const BUILT_IN_DIR = packagePath('scenarios');

/** Sequence counters kept at most; the oldest go first (a long QA session must not grow without bound). */
const MAX_SEQUENCE_KEYS = 100_000;
/** Hosted pays waiting for their card with a header or pin choice; an abandoned page must not hold one forever. */
const MAX_DEFERRED = 10_000;
const MAX_PIN_DURATION_MS = 30 * 24 * 3600_000;

export interface ScenarioEngineOptions {
  /** Directories (or single files) of user scenario files: layer 3, ahead of the built-ins. */
  dirs?: readonly string[];
  /** Scenario files given as data, after the directories' files (for test suites). */
  data?: readonly unknown[];
  /** Seed of every random choice; the same seed gives the same choices for the same requests. Default 0. */
  seed?: number;
}

export interface PinRequest {
  scenario: string; count?: number; durationMs?: number; clientId?: string;
  /** Only this one of the operations the scenario decides (pay, capture or refund); all of them when absent. */
  operation?: ScenarioOperation;
  /** Queue behind the pins of the same scope instead of replacing them: it applies once those are used up. */
  queue?: boolean;
}

let builtIns: Promise<ScenarioSource[] | ScenarioProblems> | undefined;

/** The built-in catalogue is read once per process; a broken one stops every sandbox from starting. */
export function builtInSources(): Promise<ScenarioSource[] | ScenarioProblems> {
  if (!builtIns) {
    const reading = loadScenarioSources([BUILT_IN_DIR], true);
    builtIns = reading;
    // What failed is read again by the next sandbox rather than remembered.
    reading.then((read) => { if (isScenarioProblems(read)) builtIns = undefined; }, () => { builtIns = undefined; });
  }
  return builtIns;
}

/** The catalogue from the built-in files and the user's (directories, then data), or the files' problems. */
export async function readCatalogue(options: Pick<ScenarioEngineOptions, 'dirs' | 'data'> = {}): Promise<Catalogue | ScenarioProblems> {
  const user = await loadScenarioSources(options.dirs ?? []);
  if (isScenarioProblems(user)) return user;
  for (const [i, content] of (options.data ?? []).entries()) {
    const source = scenarioSourceFromData(content, `scenarioData[${i}]`);
    if (isScenarioProblems(source)) return source;
    user.push(source);
  }
  const builtIn = await builtInSources();
  return isScenarioProblems(builtIn) ? builtIn : compileCatalogue(builtIn, user);
}

/**
 * Where problems become an error: the start of a sandbox (createSandbox() rejects with a ScenarioFileError
 * naming the first, the CLI prints it) and the docs generator.
 */
export async function loadCatalogue(options: Pick<ScenarioEngineOptions, 'dirs' | 'data'> = {}): Promise<Catalogue> {
  const catalogue = await readCatalogue(options);
  if (isScenarioProblems(catalogue)) throw new ScenarioFileError(catalogue.problems);
  return catalogue;
}

export class ScenarioEngine {
  /** By scope (a merchant, or everyone): at most one pin per operation, a pin covering each of its scenario's. */
  private readonly pins = new Map<string, Pin[]>();
  private readonly sequenceSteps = new Map<string, number>();
  private readonly deferred = new Map<string, Deferred>();
  private readonly view: EngineView;
  /** Told of every use of a pin with a count (remaining 0: it was the last, and the pin is gone); the live events listen. */
  onPinUsed?: (use: { pin: Pin; operation: ScenarioOperation; remaining: number }) => void;

  constructor(readonly catalogue: Catalogue, readonly seed = 0) {
    this.view = {
      seed,
      pinFor: (clientId, now, operation) => this.activePin(clientId, now, operation) ?? this.activePin(undefined, now, operation),
      attempts: (key) => this.sequenceSteps.get(key) ?? 0,
      deferred: (key) => this.deferred.get(key),
    };
  }

  static async load(options: ScenarioEngineOptions = {}): Promise<ScenarioEngine> {
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new Error(`the scenario seed must be a whole number, got ${seed}`);
    return new ScenarioEngine(await loadCatalogue(options), seed);
  }

  /**
   * Whether a card is one the scenario files name (a test card, or a rule's cardNo): the only cards whose
   * fingerprint a saved card keeps, because their numbers are public in those files anyway.
   */
  knowsCard(fingerprint: string): boolean {
    const { catalogue } = this;
    return catalogue.profiles.has(fingerprint) || catalogue.userRules.hasCard(fingerprint) || catalogue.builtInRules.hasCard(fingerprint);
  }

  /** The sandbox's DecidePayOutcome. */
  readonly decide: DecidePayOutcome = (input) => {
    const decision = pickOutcome(input, this.catalogue, this.view);
    if (isRefusal(decision)) return decision;
    this.countDown(decision.pinUsed, 'pay');
    if (decision.advance !== undefined) {
      const steps = (this.sequenceSteps.get(decision.advance) ?? 0) + 1;
      this.sequenceSteps.delete(decision.advance);
      this.sequenceSteps.set(decision.advance, steps);
      if (this.sequenceSteps.size > MAX_SEQUENCE_KEYS) this.sequenceSteps.delete(this.sequenceSteps.keys().next().value!);
    }
    if (decision.defer?.set) {
      this.deferred.set(decision.defer.key, decision.defer.set);
      if (this.deferred.size > MAX_DEFERRED) this.deferred.delete(this.deferred.keys().next().value!);
    } else if (decision.defer?.used) {
      this.deferred.delete(decision.defer.key);
    }
    return decision.outcome;
  };

  /** The sandbox's DecideCaptureOutcome: a pin it uses counts down like a pay's. */
  readonly decideCapture: DecideCaptureOutcome = (input) => {
    const decision = pickLifecycleOutcome('capture', input, this.catalogue, this.view);
    if (isRefusal(decision)) return decision;
    this.countDown(decision.pinUsed, 'capture');
    return decision.outcome;
  };

  readonly decideRefund: DecideRefundOutcome = (input) => {
    const decision = pickLifecycleOutcome('refund', input, this.catalogue, this.view);
    if (isRefusal(decision)) return decision;
    this.countDown(decision.pinUsed, 'refund');
    return decision.outcome;
  };

  has(name: string): boolean {
    return this.catalogue.scenarios.has(name);
  }

  /**
   * Pins a scenario for a number of uses and/or a while of sandbox time, for one merchant or all. It decides
   * the operations its scenario has an outcome for (pays, captures, refunds), or the one operation asked
   * for, each use counting once. A request out of range is refused as a value (PARAM_ILLEGAL), nothing pinned.
   */
  pin(request: PinRequest, now: number): Pin | Refusal {
    const { scenario, count, durationMs, clientId, operation } = request;
    const problem = this.pinProblem(request);
    if (problem) return refuse('PARAM_ILLEGAL', problem);
    const decided = this.catalogue.scenarios.get(scenario)!.operations;
    const operations = operation !== undefined ? [operation] : decided;
    const pin: Pin = {
      id: randomUUID(), scenario, operations, createdAt: now,
      ...(clientId !== undefined ? { clientId } : {}),
      ...(count !== undefined ? { remaining: count } : {}),
      ...(durationMs !== undefined ? { expiresAt: now + durationMs } : {}),
    };
    // One pin per scope and operation: pinning again replaces the pins of the same merchant (or of everyone)
    // that decide any of the same operations; a capture pin leaves a pay pin in force.
    // A queued pin waits behind them instead (a planned series of outcomes, one pin per use).
    const kept = (this.pins.get(scopeOf(clientId)) ?? []).filter((p) => request.queue === true || !p.operations.some((op) => operations.includes(op)));
    this.pins.set(scopeOf(clientId), [...kept, pin]);
    return pin;
  }

  /** What is wrong with a pin request, if anything. */
  private pinProblem({ scenario, count, durationMs, clientId, operation }: PinRequest): string | undefined {
    if (!this.has(scenario)) return `scenario names no scenario: "${scenario}"; known: ${[...this.catalogue.scenarios.keys()].join(', ')}`;
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 1_000_000)) return 'count must be a whole number from 1 to 1000000';
    if (durationMs !== undefined && (!Number.isInteger(durationMs) || durationMs < 1 || durationMs > MAX_PIN_DURATION_MS)) {
      return `durationMs must be a whole number of milliseconds from 1 to ${MAX_PIN_DURATION_MS}`;
    }
    if (clientId !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(clientId)) return 'clientId must be 1 to 64 letters, digits, "_", "." or "-"';
    const decided = this.catalogue.scenarios.get(scenario)!.operations;
    if (operation !== undefined && !decided.includes(operation)) return `operation: scenario "${scenario}" has no ${operation} outcome; it decides ${decided.join(', ')}`;
    return undefined;
  }

  /** Removes one merchant's pins, or every pin when no client id is given. */
  unpin(clientId?: string): Pin[] {
    if (clientId === undefined) {
      const all = [...this.pins.values()].flat();
      this.pins.clear();
      return all;
    }
    const pins = this.pins.get(scopeOf(clientId)) ?? [];
    this.pins.delete(scopeOf(clientId));
    return pins;
  }

  /** The pins still in force at `now` (reading them changes nothing). */
  activePins(now: number): Pin[] {
    return [...this.pins.values()].flat().filter((pin) => isLive(pin, now));
  }

  /** Forgets pins and sequence progress. */
  reset(): void {
    this.pins.clear();
    this.sequenceSteps.clear();
    this.deferred.clear();
  }

  private activePin(clientId: string | undefined, now: number, operation: ScenarioOperation): Pin | undefined {
    const pin = this.pins.get(scopeOf(clientId))?.find((p) => p.operations.includes(operation));
    return pin && isLive(pin, now) ? pin : undefined;
  }

  /** A use of a pin with a count: the last use removes it. */
  private countDown(pin: Pin | undefined, operation: ScenarioOperation): void {
    if (pin?.remaining === undefined) return;
    const left = pin.remaining - 1;
    this.onPinUsed?.({ pin, operation, remaining: left });
    if (left > 0) {
      pin.remaining = left;
      return;
    }
    const scope = scopeOf(pin.clientId);
    const rest = (this.pins.get(scope) ?? []).filter((p) => p !== pin);
    if (rest.length) this.pins.set(scope, rest);
    else this.pins.delete(scope);
  }
}

const scopeOf = (clientId: string | undefined) => (clientId === undefined ? '*' : `client:${clientId}`);
const isLive = (pin: Pin, now: number) => (pin.expiresAt === undefined || now < pin.expiresAt) && (pin.remaining === undefined || pin.remaining > 0);
