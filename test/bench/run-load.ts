// Runs autocannon against one URL for a bounded time and count, and boils the result down to the few
// numbers the report needs. A scenario is measured in several short runs interleaved with the other
// scenarios (see run-bench.ts); summarise() merges them. Latencies are kept per response, so the merged
// p99 is a true percentile over all runs rather than an average of per-run percentiles.
import autocannon from 'autocannon';
import { readCpu, type CpuSample } from './cpu-meter.ts';
import type { RequestSource, ResponseCheck } from './pay-requests.ts';

export interface LoadOptions {
  url: string;
  path: string;
  source: RequestSource;
  check: ResponseCheck;
  connections: number;
  /** The server's process id, to meter its CPU. */
  serverPid: number;
  /** At most this many requests per second, all connections together (a steady load, not the most the server takes). */
  overallRate?: number;
}

/** What went wrong or was checked during a run; a summary adds them up over its runs. */
export interface LoadCounters {
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  wrongAnswers: number;
  /** Requests that found the request supply used up (they were sent without a fresh body). */
  exhausted: number;
  firstProblem?: string;
  /** Responses checked in depth (parsed, signature verified). */
  deepChecks: number;
  /** The run stopped on its request limit before its time was up: the supply was too small (not a run asked for at most so many calls). */
  endedEarly: boolean;
}

export interface LoadRun extends LoadCounters {
  responses: number;
  durationSeconds: number;
  latenciesMs: number[];
  cpuStart: CpuSample;
  cpuEnd: CpuSample;
}

export interface LoadSummary extends LoadCounters {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  averageMs: number;
  responses: number;
  durationSeconds: number;
  /** Requests per second of each run, to show the spread on a noisy machine. */
  perRun: number[];
  /** Cores used during the measured runs: the server child (all its threads), this process, the machine. */
  serverCores?: number;
  generatorCores: number;
  machineBusyCores?: number;
  machineStealCores?: number;
}

/** A deep check every this many responses, bounded so that checking never becomes the generator's main work. */
const DEEP_EVERY = 97;
const MAX_DEEP_CHECKS_PER_RUN = 100;
/** Cap for endless (generated) supplies: far above what 2 cores serve in a minute. */
const MAX_REQUESTS_PER_RUN = 5_000_000;

/** Runs load for `seconds`, or until `atMost` calls were made when that is given. */
export async function runLoad(options: LoadOptions, seconds: number, atMost?: number): Promise<LoadRun> {
  const limit = Math.min(options.source.remaining(), MAX_REQUESTS_PER_RUN, atMost ?? Infinity);
  if (limit < options.connections) {
    // The supply ran out in an earlier run: record an empty run that the report flags, rather than crash.
    const now = readCpu(options.serverPid);
    return {
      responses: 0, durationSeconds: 0, latenciesMs: [], non2xx: 0, socketErrors: 0, timeouts: 0, wrongAnswers: 0,
      exhausted: 1, firstProblem: `only ${limit} fresh requests were left for ${options.connections} connections`,
      deepChecks: 0, endedEarly: true, cpuStart: now, cpuEnd: now,
    };
  }
  const latenciesMs: number[] = [];
  const tally = { wrong: 0, exhausted: 0, deep: 0, seen: 0, first: undefined as string | undefined };

  const cpuStart = readCpu(options.serverPid);
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: options.url,
      connections: options.connections,
      duration: seconds,
      // Bounded in count as well as time; for a pool this is also what keeps every id fresh.
      maxOverallRequests: limit,
      timeout: 10,
      ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
      requests: [{
        method: 'POST',
        path: options.path,
        setupRequest: (request) => {
          const next = options.source.next();
          if (!next) {
            // Sent without a body: counted, and the server's refusal is counted as a wrong answer too.
            tally.exhausted++;
            return request;
          }
          request.body = next.body;
          // A copy: autocannon writes Content-Length into the headers object it is given.
          request.headers = { ...next.headers };
          return request;
        },
        onResponse: (status, body, _context, headers) => {
          tally.seen++;
          const deep = tally.seen % DEEP_EVERY === 1 && tally.deep < MAX_DEEP_CHECKS_PER_RUN;
          if (deep) tally.deep++;
          let problem: string | undefined;
          try {
            problem = options.check(status, body, (headers ?? {}) as Record<string, unknown>, deep);
          } catch (error) {
            problem = `check failed: ${(error as Error).message}`;
          }
          if (problem !== undefined) {
            tally.wrong++;
            tally.first ??= problem;
          }
        },
      }],
    }, (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latenciesMs.push(responseTime);
    });
  });

  // autocannon stops itself after `seconds`; this guard only catches it hanging.
  let guard: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error(`autocannon did not finish within ${seconds + 30} s`)), (seconds + 30) * 1000);
  });
  let result: autocannon.Result;
  try {
    result = await Promise.race([finished, hung]);
  } finally {
    clearTimeout(guard);
  }
  const cpuEnd = readCpu(options.serverPid);
  return {
    responses: result.requests.total,
    durationSeconds: result.duration,
    latenciesMs,
    non2xx: result.non2xx,
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    wrongAnswers: tally.wrong,
    exhausted: tally.exhausted,
    firstProblem: tally.first,
    deepChecks: tally.deep,
    // A run asked for at most `atMost` calls is meant to stop on that count.
    endedEarly: result.duration < seconds * 0.95 && (atMost === undefined || limit < atMost),
    cpuStart,
    cpuEnd,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Merges the measured runs of one scenario. */
export function summarise(runs: LoadRun[]): LoadSummary {
  const responses = sum(runs.map((r) => r.responses));
  const durationSeconds = sum(runs.map((r) => r.durationSeconds));
  const latencies = Float64Array.from(runs.flatMap((r) => r.latenciesMs)).sort();
  const cpu = (pick: (c: CpuSample) => number | undefined) => {
    const parts = runs.map((r) => {
      const a = pick(r.cpuStart), b = pick(r.cpuEnd);
      return a === undefined || b === undefined ? undefined : b - a;
    });
    const wall = sum(runs.map((r) => r.cpuEnd.wall - r.cpuStart.wall));
    return parts.some((p) => p === undefined) || wall <= 0 ? undefined : sum(parts as number[]) / wall;
  };
  return {
    // total / elapsed rather than a mean of per-second samples, which a partial last second skews.
    requestsPerSecond: durationSeconds > 0 ? responses / durationSeconds : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    averageMs: latencies.length ? sum(Array.from(latencies)) / latencies.length : 0,
    responses,
    durationSeconds,
    perRun: runs.map((r) => (r.durationSeconds > 0 ? r.responses / r.durationSeconds : 0)),
    non2xx: sum(runs.map((r) => r.non2xx)),
    socketErrors: sum(runs.map((r) => r.socketErrors)),
    timeouts: sum(runs.map((r) => r.timeouts)),
    wrongAnswers: sum(runs.map((r) => r.wrongAnswers)),
    exhausted: sum(runs.map((r) => r.exhausted)),
    firstProblem: runs.find((r) => r.firstProblem)?.firstProblem,
    deepChecks: sum(runs.map((r) => r.deepChecks)),
    endedEarly: runs.some((r) => r.endedEarly),
    serverCores: cpu((c) => c.server),
    generatorCores: cpu((c) => c.self) ?? 0,
    machineBusyCores: cpu((c) => c.machineBusy),
    machineStealCores: cpu((c) => c.machineSteal),
  };
}

/** Anything that makes a scenario's numbers suspect. */
export function problemsOf(s: Pick<LoadSummary, 'non2xx' | 'socketErrors' | 'timeouts' | 'wrongAnswers' | 'exhausted' | 'endedEarly'>): number {
  return s.non2xx + s.socketErrors + s.timeouts + s.wrongAnswers + s.exhausted + (s.endedEarly ? 1 : 0);
}
