// Runs autocannon against one URL: a discarded warm-up, then the measured run, and boils the result down
// to the few numbers the report needs. Every run is bounded in time (duration, plus a guard in case
// autocannon itself hangs) and in count (maxOverallRequests).
import autocannon from 'autocannon';
import type { RequestSource, ResponseCheck } from './pay-requests.ts';

export interface LoadOptions {
  url: string;
  path: string;
  source: RequestSource;
  check: ResponseCheck;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  averageMs: number;
  responses: number;
  durationSeconds: number;
  /** Problems; any of them makes the scenario's numbers suspect. */
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  wrongAnswers: number;
  /** Requests that found the request supply used up (they were sent again with an old body). */
  exhausted: number;
  firstProblem?: string;
  /** How many responses were checked in depth (parsed, signature verified). */
  deepChecks: number;
  /** The run ended on its request limit before its duration: the supply was too small. */
  endedEarly: boolean;
}

/** A deep check every this many responses; bounded so checking never becomes the generator's main work. */
const DEEP_EVERY = 97;
const MAX_DEEP_CHECKS = 200;
/** Cap for endless (generated) supplies, far above what 2 cores can serve in a minute. */
const MAX_REQUESTS_PER_RUN = 5_000_000;

interface Tally { wrong: number; exhausted: number; deep: number; seen: number; first?: string }

async function runOnce(options: LoadOptions, seconds: number, tally: Tally): Promise<autocannon.Result> {
  const limit = Math.min(options.source.remaining(), MAX_REQUESTS_PER_RUN);
  if (limit < options.connections) throw new Error(`only ${limit} requests left for ${options.connections} connections`);
  const run = autocannon({
    url: options.url,
    connections: options.connections,
    duration: seconds,
    maxOverallRequests: limit,
    timeout: 10,
    requests: [{
      method: 'POST',
      path: options.path,
      setupRequest: (request) => {
        const next = options.source.next();
        if (!next) {
          // Returning the request unchanged re-sends an old body: counted, and reported as a problem.
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
        const deep = tally.seen % DEEP_EVERY === 1 && tally.deep < MAX_DEEP_CHECKS;
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
  });
  let guard: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error(`autocannon did not finish within ${seconds + 30} s`)), (seconds + 30) * 1000);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(guard);
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  if (options.warmupSeconds > 0) {
    // Warm-up answers are checked too (a broken server should fail fast and loudly), but not measured.
    const warm: Tally = { wrong: 0, exhausted: 0, deep: 0, seen: 0 };
    const result = await runOnce(options, options.warmupSeconds, warm);
    if (warm.wrong > 0 || result.non2xx > 0 || result.errors > 0) {
      console.error(`  ! warm-up saw problems: ${warm.wrong} wrong answers, ${result.non2xx} non-2xx, ${result.errors} errors; first: ${warm.first ?? '-'}`);
    }
  }
  const tally: Tally = { wrong: 0, exhausted: 0, deep: 0, seen: 0 };
  const result = await runOnce(options, options.seconds, tally);
  const responses = result.requests.total;
  return {
    // total / elapsed rather than the mean of per-second samples, which a partial last second skews.
    requestsPerSecond: result.duration > 0 ? responses / result.duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    averageMs: result.latency.average,
    responses,
    durationSeconds: result.duration,
    non2xx: result.non2xx,
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    wrongAnswers: tally.wrong,
    exhausted: tally.exhausted,
    firstProblem: tally.first,
    deepChecks: tally.deep,
    endedEarly: result.duration < options.seconds * 0.95,
  };
}

export function problemsOf(summary: LoadSummary): number {
  return summary.non2xx + summary.socketErrors + summary.timeouts + summary.wrongAnswers + summary.exhausted + (summary.endedEarly ? 1 : 0);
}
