// Memory at a fixed retention: a file-backed sandbox (in its own process) with a short --retain and a
// frequent --retain-every takes a steady, rate-limited stream of sales (captured at once, no notify URL:
// nothing stays open, so retention may drop each one once it is old enough). After a warm-up that fills
// the request journal's ring (its own fixed bound), lets retention reach its steady state and V8 size its
// heap to the load (see warmupMinSeconds), the child's
// resident memory (VmRSS, /proc/PID/status) and the number of stored payments are sampled over the
// measured run. Judged in the same run: the mean RSS of the last third over that of the first third, at
// most RETENTION_RSS_TARGET, with the stored payments bounded. A store that kept every payment grows by a
// few KB per pay, which at this rate is tens of MB between the thirds.
import { readFile } from 'node:fs/promises';
import { PAY_PATH } from './bench-config.ts';
import { startChildServer } from './child-server.ts';
import { checkPay, payBody, type RequestSource } from './pay-requests.ts';
import { problemsOf, runLoad, type LoadOptions } from './run-load.ts';

/**
 * V8's heap saws up and down between collections (the young generation alone is tens of MB at this
 * rate) and the allocator keeps pages it may use again, so two thirds of a flat run differ by a few per
 * cent to ~10 %; 1.2 leaves room for that and still catches the growth of a store that keeps everything.
 */
export const RETENTION_RSS_TARGET = 1.2;
/** One retention batch (server/store/retention.ts): the stored count may be this far above its steady level. */
const BATCH = 500;
const SAMPLE_EVERY_MS = 250;
const CONNECTIONS = 10;

export interface RetentionRssSettings {
  /** Measured seconds (split in thirds). */
  seconds: number;
  /** Pays per second offered (autocannon's overallRate). */
  rate: number;
  /** --retain, sandbox ms (the clock is real, so wall ms); 0 turns retention off (to see the growth it prevents). */
  retainMs: number;
  /** --retain-every, wall ms. */
  retainEveryMs: number;
  /**
   * The warm-up lasts at least this long: under this load V8 keeps growing the heap it reserves for about
   * the first 40-55 s (in a 120 s run RSS went 200 → 300 MB by then and stayed within 295-314 MB for the
   * remaining 75 s, while the heap in use after a full collection was flat at ~50 MB from 15 s on).
   */
  warmupMinSeconds: number;
  /** ... and at most this long; it also waits for the journal to be full and retention to reach its steady state. */
  warmupMaxSeconds: number;
}

export interface RetentionSample { atMs: number; rssBytes: number; payments: number }

export interface RetentionThird { rssMeanMb: number; rssMaxMb: number; paymentsMin: number; paymentsMax: number; samples: number }

export interface RetentionRssResult {
  settings: RetentionRssSettings;
  warmupSeconds: number;
  /** Calls in the request journal, and its ring size, when the measured run began. */
  journal: { size: number; capacity: number };
  /** Pays answered during the measured run, and per second. */
  pays: number;
  paysPerSecond: number;
  thirds: [RetentionThird, RetentionThird, RetentionThird];
  /** Mean RSS of the last third / the first. */
  ratio: number;
  paymentsBounded: boolean;
  met: boolean;
  problems: number;
  firstProblem?: string;
  /** Every sample of the measured run, for results/latest.json. */
  samples: RetentionSample[];
}

/** A sale (captured at once) with a fresh paymentRequestId each time, at most `count` of them. */
function saleSource(count: number): RequestSource {
  const body = JSON.parse(payBody('@ID@')) as Record<string, unknown>;
  body.paymentFactor = { isAuthorization: false };
  const [prefix, suffix] = JSON.stringify(body).split('@ID@') as [string, string];
  const headers = { 'Content-Type': 'application/json; charset=UTF-8', 'Client-Id': 'BENCH_MERCHANT' };
  let n = 0;
  return {
    next: () => (n < count ? { body: `${prefix}bench-retention-${n++}${suffix}`, headers } : undefined),
    remaining: () => count - n,
  };
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const MB = 1024 * 1024;

function third(samples: RetentionSample[]): RetentionThird {
  const rss = samples.map((s) => s.rssBytes);
  const payments = samples.map((s) => s.payments);
  return {
    rssMeanMb: mean(rss) / MB, rssMaxMb: Math.max(...rss) / MB,
    paymentsMin: Math.min(...payments), paymentsMax: Math.max(...payments), samples: samples.length,
  };
}

export async function measureRetentionRss(settings: RetentionRssSettings, nodeArgs: string[] = []): Promise<RetentionRssResult> {
  if (process.platform !== 'linux') throw new Error('retention-rss reads /proc/PID/status: Linux only');
  const sandboxOptions = { retainMs: settings.retainMs, retainEveryMs: settings.retainEveryMs };
  const server = await startChildServer({ args: ['sandbox', 'off', '0', 'file'], env: { BENCH_SANDBOX_OPTIONS: JSON.stringify(sandboxOptions) }, nodeArgs });
  try {
    const { url } = server.ready;
    // Bounded in count as well as time: the warm-up's and the measured seconds at the offered rate, and 10 % more.
    const source = saleSource(Math.ceil(settings.rate * (settings.warmupMaxSeconds + settings.seconds) * 1.1));
    const load: LoadOptions = { url, path: PAY_PATH, source, check: checkPay(undefined), connections: CONNECTIONS, serverPid: server.pid, overallRate: settings.rate };
    let problems = 0;
    let firstProblem: string | undefined;
    const tally = (run: Awaited<ReturnType<typeof runLoad>>) => {
      problems += problemsOf(run);
      firstProblem ??= run.firstProblem;
    };

    const journalOf = () => getJson<{ size: number; capacity: number }>(`${url}/_sandbox/requests?limit=1`);
    const warmStart = performance.now();
    const settleMs = settings.retainMs + 2 * settings.retainEveryMs + 1000;
    let journal = await journalOf();
    const warmMs = Math.max(settleMs, settings.warmupMinSeconds * 1000);
    while (performance.now() - warmStart < settings.warmupMaxSeconds * 1000) {
      const run = await runLoad(load, 2);
      tally(run);
      journal = await journalOf();
      if (journal.size >= journal.capacity && performance.now() - warmStart >= warmMs) break;
    }
    const warmupSeconds = (performance.now() - warmStart) / 1000;

    const samples: RetentionSample[] = [];
    const started = performance.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const atMs = performance.now() - started;
        const [rss, health] = await Promise.all([rssBytes(server.pid), getJson<{ payments: number }>(`${url}/_sandbox/health`)]);
        samples.push({ atMs, rssBytes: rss, payments: health.payments });
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      }
    })();
    let pays = 0;
    try {
      const run = await runLoad(load, settings.seconds);
      tally(run);
      pays = run.responses;
    } finally {
      sampling = false;
      await sampler;
    }
    const span = settings.seconds * 1000 / 3;
    const thirds = [0, 1, 2].map((i) => third(samples.filter((s) => s.atMs >= i * span && (i === 2 || s.atMs < (i + 1) * span)))) as RetentionRssResult['thirds'];
    const ratio = thirds[2].rssMeanMb / thirds[0].rssMeanMb;
    // The stored count follows the rate (pays within the last retainMs + retainEveryMs); it must not climb.
    const paymentsBounded = thirds[2].paymentsMax <= thirds[0].paymentsMax * 1.2 + BATCH;
    return {
      settings, warmupSeconds, journal, pays, paysPerSecond: pays / settings.seconds, thirds, ratio, paymentsBounded,
      met: ratio <= RETENTION_RSS_TARGET && paymentsBounded, problems, firstProblem, samples,
    };
  } finally {
    await server.stop();
  }
}
