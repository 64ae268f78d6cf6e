// npm run bench: how the sandbox's pay compares with a bare Express server and with the machine's own
// RSA signing rate, all measured in one run. Each server under test runs in a child process; autocannon
// drives it over loopback from this process. The measured time is split into rounds that visit every
// scenario in turn, so a burst of background load on this shared 2-core machine lands on all of them
// rather than on whichever happened to run then. Environment overrides: see bench-config.ts.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { PAY_PATH, readBenchConfig, type BenchConfig } from './bench-config.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import {
  checkEcho, checkPay, poolSource, signPayPool, unsignedPaySource,
  type PreparedRequest, type RequestSource, type ResponseCheck,
} from './pay-requests.ts';
import {
  errorsOf, formatReport, machineFacts, ratio, RESULTS_FILE, writeReport,
  type BenchReport, type Rate, type RatioResult, type ScenarioResult,
} from './report.ts';
import { problemsOf, runLoad, summarise, type LoadOptions, type LoadRun } from './run-load.ts';
import { DEFAULT_JOURNAL_SIZE } from '../../server/journal/request-journal.ts';
import { FLOOR_SCRIPT, measureDeliveries } from './notification-bench.ts';
import { checkWalletPay, unsignedWalletPaySource } from './wallet-requests.ts';
import { measureStartup, STARTUP_TARGETS, type StartupResult } from './startup-bench.ts';
import { LIST_TARGET_MS, listLatencyOf, startSeededServer, type ListLatencyResult } from './list-latency.ts';
import { measureDashboardPaint, PAINT_TARGET_MS, type DashboardPaintResult } from './dashboard-paint.ts';
import { measureRetentionRss, RETENTION_RSS_TARGET, type RetentionRssResult } from './retention-rss.ts';
import { measureAllCoreSigning, oneCoreSigningRate, SIGN_IN_FLIGHT, THREAD_POOL_SIZE, type SigningRun } from './signing-rate.ts';

interface Scenario {
  id: string;
  title: string;
  serverArgs: string[];
  source: () => RequestSource;
  /** Built from the sandbox's public key in the ready line, to verify response signatures. */
  check: (sandboxPublicKeyPem: string | undefined) => ResponseCheck;
  /** Diagnostic scenarios run only when BENCH_ONLY names them. */
  optional?: boolean;
  /** Run another checkout's server (BENCH_COMPARE_DIR) instead of this one's. */
  checkout?: string;
}

interface Running { scenario: Scenario; server: ChildServer; load: LoadOptions; runs: LoadRun[]; notes?: string }

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const NOTIFICATIONS_PER_RUN = 2000;
/** The most a warm-up that fills the request journal may take. */
const WARMUP_FILL_SECONDS = 30;

function scenariosFor(config: BenchConfig, pool: () => PreparedRequest[]): Scenario[] {
  const payCheck = (pem: string | undefined) => checkPay(pem ? createPublicKey(pem) : undefined);
  return [
    { id: 'baseline', title: 'Express 5 JSON echo (baseline)', serverArgs: ['echo'], source: () => unsignedPaySource('echo'), check: () => checkEcho },
    { id: 'pay-unsigned', title: 'pay, signatures off', serverArgs: ['sandbox', 'off', '0'], source: () => unsignedPaySource('pay'), check: payCheck },
    // Both signed scenarios use the same pre-signed pool: each runs against its own server and store.
    { id: 'pay-signed', title: 'signed pay, empty store', serverArgs: ['sandbox', 'enforce', '0'], source: () => poolSource(pool()), check: payCheck },
    {
      id: 'pay-signed-100k',
      title: `signed pay, ${fmt(config.seedPayments)} stored`,
      serverArgs: ['sandbox', 'enforce', String(config.seedPayments)],
      source: () => poolSource(pool()),
      check: payCheck,
    },
    { id: 'signed-floor', title: 'signed floor (bare node:http: verify + sign)', serverArgs: ['signed-floor'], source: () => poolSource(pool()), check: payCheck },
    // The same sandbox as pay-unsigned with the request journal off (--journal-size 0): what recording costs.
    { id: 'pay-unsigned-no-journal', title: 'pay, signatures off, journal off', serverArgs: ['sandbox', 'off', '0', 'file', '0', '0'], source: () => unsignedPaySource('pay'), check: payCheck },
    { id: 'pay-signed-no-journal', title: 'signed pay, journal off', serverArgs: ['sandbox', 'enforce', '0', 'file', '0', '0'], source: () => poolSource(pool()), check: payCheck, optional: true },
    { id: 'pay-wallet', title: 'wallet pay (GCASH, WAP), signatures off', serverArgs: ['sandbox', 'off', '0'], source: () => unsignedWalletPaySource('wallet'), check: () => checkWalletPay },
    { id: 'pay-200-rules', title: 'pay, signatures off, 200 scenario rules', serverArgs: ['sandbox', 'off', '0', 'file', '200'], source: () => unsignedPaySource('pay'), check: payCheck },
    // Diagnosis only (e.g. BENCH_ONLY=pay-unsigned,pay-unsigned-memory): the same pays, nothing written to disk.
    { id: 'pay-unsigned-memory', title: 'pay, signatures off, memory store', serverArgs: ['sandbox', 'off', '0', 'memory'], source: () => unsignedPaySource('pay'), check: payCheck, optional: true },
    { id: 'pay-signed-memory', title: 'signed pay, memory store', serverArgs: ['sandbox', 'enforce', '0', 'memory'], source: () => poolSource(pool()), check: payCheck, optional: true },
    // Another checkout of the project (BENCH_COMPARE_DIR, with its own node_modules), measured in the same
    // run: a before/after comparison that is a same-run ratio rather than two figures from different hours.
    ...(config.compareDir ? [
      { id: 'pay-signed-compare', title: 'signed pay, other checkout', serverArgs: ['sandbox', 'enforce', '0'], checkout: config.compareDir, source: () => poolSource(pool()), check: payCheck },
      { id: 'pay-unsigned-compare', title: 'pay, signatures off, other checkout', serverArgs: ['sandbox', 'off', '0'], checkout: config.compareDir, source: () => unsignedPaySource('compare'), check: payCheck },
    ] : []),
  ];
}

/**
 * The order scenarios run in within a round: the two sides of each ratio next to each other where they
 * can be, above all the same-run comparisons judged at 0.95 (unsigned pay between its journal-off and its
 * other-checkout twins, signed pay beside its other checkout). This machine's speed swings by half within
 * seconds, so sides measured far apart in a round compare different machines.
 */
const ROUND_ORDER = [
  'baseline', 'pay-200-rules', 'pay-unsigned-no-journal', 'pay-unsigned', 'pay-unsigned-compare', 'pay-wallet', 'pay-unsigned-memory',
  'signed-floor', 'pay-signed-100k', 'pay-signed', 'pay-signed-compare', 'pay-signed-no-journal', 'pay-signed-memory',
];

function inRoundOrder(scenarios: Scenario[]): Scenario[] {
  const rank = (s: Scenario) => (ROUND_ORDER.includes(s.id) ? ROUND_ORDER.indexOf(s.id) : ROUND_ORDER.length);
  return [...scenarios].sort((a, b) => rank(a) - rank(b));
}

/** Starts a scenario's server and warms it up; warm-up answers are checked (a broken server fails loudly) but not kept. */
async function start(scenario: Scenario, config: BenchConfig, merchantPublicKeyPem: string): Promise<Running> {
  console.log(`- ${scenario.title}: starting the server…`);
  const server = await startChildServer({
    args: scenario.serverArgs,
    checkout: scenario.checkout,
    env: { BENCH_MERCHANT_PUBLIC_KEY: merchantPublicKeyPem },
    nodeArgs: config.serverNodeArgs,
  });
  const { ready } = server;
  const notes = ready.seeded > 0 ? `${fmt(ready.seeded)} payments stored in ${ready.seedSeconds.toFixed(1)} s before the run` : undefined;
  const running: Running = {
    scenario, server, runs: [], notes,
    load: {
      url: ready.url, path: PAY_PATH, source: scenario.source(), check: scenario.check(ready.sandboxPublicKeyPem),
      connections: config.connections, serverPid: server.pid,
    },
  };
  console.log(`  server ${server.pid} at ${ready.url}${notes ? `; ${notes}` : ''}`);
  if (config.warmupSeconds > 0) await warmUp(running, config.warmupSeconds, DEFAULT_JOURNAL_SIZE);
  return running;
}

/**
 * Load that is checked (a broken server fails loudly) but not kept. A scenario with an endless supply of
 * requests (every unsigned one) is warmed up with at least as many calls as the request journal holds, so
 * its journal is full before anything is measured: filling it writes memory for the first time, a
 * one-off cost of a sandbox's first 10,000 calls (page faults; docs/performance.md), not what a call costs.
 */
async function warmUp(running: Running, seconds: number, leastCalls = 0): Promise<void> {
  const runs = [await runLoad(running.load, seconds)];
  const short = leastCalls - runs[0]!.responses;
  // At least one call per connection, or the run has too few to start.
  if (short > 0 && running.load.source.remaining() === Infinity) runs.push(await runLoad(running.load, WARMUP_FILL_SECONDS, Math.max(short, running.load.connections)));
  for (const warm of runs) {
    if (problemsOf(warm) > 0) console.error(`  ! ${running.scenario.title}: warm-up problems: ${problemsOf(warm)}; first: ${warm.firstProblem ?? '-'}`);
  }
}

async function main() {
  const config = readBenchConfig();
  const wanted = (id: string, optional = false) => (config.only ? config.only.includes(id) : !optional);
  const machine = machineFacts();
  const started = Date.now();
  const roundSeconds = config.seconds / config.rounds;

  // The merchant's key pair: the children register the public half, this process signs with the private one.
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantPublicKeyPem = merchant.publicKey.export({ format: 'pem', type: 'spki' }).toString();

  console.log('- RSA-2048 signing rate…');
  const oneCorePerSecond = oneCoreSigningRate(merchant.privateKey, 1);
  await measureAllCoreSigning(merchant.privateKey, 0.3); // warms the thread pool; not kept
  const signingRuns: SigningRun[] = [await measureAllCoreSigning(merchant.privateKey, config.signSeconds / config.rounds)];
  const firstRate = signingRuns[0]!.signatures / signingRuns[0]!.seconds;
  console.log(`  ${fmt(firstRate)} signatures/s on all cores, ${fmt(oneCorePerSecond)} on one`);

  const scenarios = inRoundOrder(scenariosFor(config, () => pool).filter((s) => wanted(s.id, s.optional)));
  // Pre-sign enough distinct pays for each signed server's warm-up and rounds. A signed server signs
  // every response, so it cannot answer faster than the machine signs on all its cores; one core's rate
  // times the cores is that bound even when background load depressed the all-core measurement.
  let pool: PreparedRequest[] = [];
  let poolSignaturesPerSecond = 0;
  if (scenarios.some((s) => s.id.startsWith('pay-signed'))) {
    const ceiling = Math.max(firstRate, oneCorePerSecond * machine.cores);
    const size = Math.min(300_000, Math.max(2_000,
      Math.ceil(ceiling * (config.warmupSeconds + config.rounds * config.runWarmupSeconds + config.seconds))
        + config.connections * (2 * config.rounds + 1)));
    console.log(`- pre-signing ${fmt(size)} pay requests…`);
    const t0 = process.hrtime.bigint();
    pool = await signPayPool(size, merchant.privateKey);
    poolSignaturesPerSecond = size / (Number(process.hrtime.bigint() - t0) / 1e9);
  }

  let startup: StartupResult | undefined;
  if (wanted('startup')) {
    console.log('- start-up: createSandbox() + listen() + first pay, in a fresh process…');
    startup = await measureStartup(10, config.serverNodeArgs);
    console.log(`  first ${startup.firstMs.toFixed(0)} ms (median of ${startup.firstRunsMs.length} fresh processes: ${startup.firstRunsMs.map((ms) => ms.toFixed(0)).join(', ')}), further ${startup.furtherMedianMs.toFixed(0)} ms (median of ${startup.furtherMs.length}), bare node:http ${startup.bareMedianMs.toFixed(0)} ms; imports ${startup.importMs.toFixed(0)} ms`);
  }

  let listLatency: ListLatencyResult | undefined;
  let dashboardPaint: DashboardPaintResult | undefined;
  if (wanted('lists') || wanted('dashboard-paint')) {
    // One seeded sandbox for both: seeding 100,000 payments and their notifications is the slow part.
    console.log(`- seeding a sandbox: ${fmt(config.seedPayments)} payments, a notification each, a full journal…`);
    const seeded = await startSeededServer(config.seedPayments, config.serverNodeArgs);
    try {
      console.log(`  seeded in ${seeded.ready.seedSeconds.toFixed(1)} s`);
      if (wanted('lists')) {
        listLatency = await listLatencyOf(seeded, 15);
        for (const l of listLatency.lists) console.log(`  ${l.path}: median ${l.medianMs.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms (${fmt(l.bytes)} bytes)`);
      }
      if (wanted('dashboard-paint')) {
        dashboardPaint = await measureDashboardPaint(seeded.ready.url, seeded.ready.seeded, 5);
        console.log(`  dashboard payments view: first contentful paint ${dashboardPaint.fcpMedianMs.toFixed(0)} ms, first row ${dashboardPaint.firstRowMedianMs.toFixed(0)} ms (medians of ${dashboardPaint.samples.length})`);
      }
    } finally {
      await seeded.stop();
    }
  }

  let retentionRss: RetentionRssResult | undefined;
  // About two minutes of its own (50 s warm-up, 60 s measured): run only when BENCH_ONLY names it.
  if (wanted('retention-rss', true)) {
    const r = config.retention;
    console.log(`- memory at a fixed retention: ${fmt(r.rate)} sales/s, --retain ${r.retainMs} ms, --retain-every ${r.retainEveryMs} ms, ${r.seconds} s measured…`);
    retentionRss = await measureRetentionRss(r, config.serverNodeArgs);
    console.log(`  warm-up ${retentionRss.warmupSeconds.toFixed(0)} s; ${fmt(retentionRss.paysPerSecond)} pays/s measured; RSS ${retentionRss.thirds.map((t) => t.rssMeanMb.toFixed(0)).join(' / ')} MB by thirds`);
  }

  const running: Running[] = [];
  const deliveryRuns: { perSecond: number; failedAttempts: number; delivered: number; cpuMicrosPerDelivery: number }[] = [];
  const floorDeliveryRuns: typeof deliveryRuns = [];
  /** By round; undefined for a round where the other checkout's script failed, so the rounds stay paired. */
  const compareDeliveryRuns: (typeof deliveryRuns[number] | undefined)[] = [];
  const measureNotifications = wanted('notifications');
  try {
    for (const scenario of scenarios) running.push(await start(scenario, config, merchantPublicKeyPem));

    for (let round = 0; round < config.rounds; round++) {
      console.log(`- round ${round + 1} of ${config.rounds}`);
      if (round > 0) signingRuns.push(await measureAllCoreSigning(merchant.privateKey, config.signSeconds / config.rounds));
      // Rotated each round and reversed every other one: the two sides of a ratio stay next to each other
      // (inRoundOrder), and neither always goes first.
      for (let i = 0; i < running.length; i++) {
        const k = (i + round) % running.length;
        const r = running[round % 2 === 0 ? k : running.length - 1 - k]!;
        if (config.runWarmupSeconds > 0) await warmUp(r, config.runWarmupSeconds);
        const run = await runLoad(r.load, roundSeconds);
        r.runs.push(run);
        console.log(`  ${r.scenario.title}: ${fmt(run.responses / run.durationSeconds)} req/s${problemsOf(run) ? `, ${problemsOf(run)} PROBLEMS` : ''}`);
      }
      if (measureNotifications) {
        // 2,000 signed notifyPayment deliveries to a local receiver, at the default per-origin bound, and
        // the other checkout's (its own delivery script, same arguments), before or after ours by turns.
        const ours = async () => {
          const run = await measureDeliveries(NOTIFICATIONS_PER_RUN, 4, config.serverNodeArgs);
          deliveryRuns.push(run);
          console.log(`  notification deliveries: ${fmt(run.perSecond)}/s (${run.delivered} of ${NOTIFICATIONS_PER_RUN}), ${fmt(run.cpuMicrosPerDelivery)} µs sandbox CPU each`);
        };
        const other = async (dir: string) => {
          // A checkout whose script cannot run loses its comparison, not the run.
          const run = await measureDeliveries(NOTIFICATIONS_PER_RUN, 4, config.serverNodeArgs, join(dir, 'test/bench/deliver-notifications.ts'))
            .catch((error: unknown) => console.error(`  ! notification deliveries, other checkout: ${(error as Error).message}`));
          compareDeliveryRuns.push(run ?? undefined);
          if (!run) return;
          console.log(`  notification deliveries, other checkout: ${fmt(run.perSecond)}/s (${run.delivered} of ${NOTIFICATIONS_PER_RUN}), ${fmt(run.cpuMicrosPerDelivery)} µs sandbox CPU each`);
        };
        if (config.compareDir && round % 2 === 1) await other(config.compareDir);
        await ours();
        if (config.compareDir && round % 2 === 0) await other(config.compareDir);
        const floor = await measureDeliveries(NOTIFICATIONS_PER_RUN, 4, config.serverNodeArgs, FLOOR_SCRIPT);
        floorDeliveryRuns.push(floor);
        console.log(`  notification floor (bare sign + POST): ${fmt(floor.perSecond)}/s (${floor.delivered} of ${NOTIFICATIONS_PER_RUN}), ${fmt(floor.cpuMicrosPerDelivery)} µs CPU each`);
      }
    }
  } finally {
    await Promise.all(running.map((r) => r.server.stop()));
  }

  const results: ScenarioResult[] = running.map((r) => ({ id: r.scenario.id, title: r.scenario.title, summary: summarise(r.runs), notes: r.notes }));
  const signatures = signingRuns.reduce((a, r) => a + r.signatures, 0);
  const signSeconds = signingRuns.reduce((a, r) => a + r.seconds, 0);
  const signingRate: Rate = { value: signatures / signSeconds, perRun: signingRuns.map((r) => r.signatures / r.seconds), valid: true };

  const rate = (id: string): Rate | undefined => {
    const s = results.find((r) => r.id === id)?.summary;
    return s && { value: s.requestsPerSecond, perRun: s.perRun, valid: problemsOf(s) === 0 };
  };
  const ratios: RatioResult[] = [];
  const add = (name: string, a: Rate | undefined, b: Rate | undefined, target: number, why: string) => {
    if (a && b) ratios.push(ratio(name, a, b, target, why));
  };
  add('unsigned pay / Express echo', rate('pay-unsigned'), rate('baseline'), 0.7,
    'what validation, the pay logic and the file-backed store cost over bare Express');
  add('signed pay / all-core signing rate', rate('pay-signed'), signingRate, 0.5,
    'a signed pay costs one RSA-2048 sign (response) and one verify (request); how close pay gets to that ceiling');
  add('signed floor / all-core signing rate', rate('signed-floor'), signingRate, 0.5,
    'bare node:http that only verifies and signs: the most any server reaches on this machine, so the signed-pay target is only reachable where this is well above it');
  add('wallet pay / card pay', rate('pay-wallet'), rate('pay-unsigned'), 0.9,
    'a wallet pay (links, page token, expiry timer) against a card pay, both unsigned, on servers alike');
  add('pay with the request journal / journal off', rate('pay-unsigned'), rate('pay-unsigned-no-journal'), 0.95,
    'what recording every call (masked body, answer, headers) costs unsigned pay, the cheapest call (--journal-size 0 turns it off)');
  add('pay with 200 scenario rules / built-ins only', rate('pay-200-rules'), rate('pay-unsigned'), 0.9,
    'the scenario engine looking through 200 loaded rules (none matching) on every pay');
  const deliveryRate = (byRound: typeof compareDeliveryRuns): Rate => {
    const runs = byRound.filter((r) => r !== undefined);
    return {
      value: runs.reduce((a, r) => a + r.perSecond, 0) / runs.length,
      perRun: byRound.map((r) => r?.perSecond ?? Number.NaN),
      valid: runs.length > 0 && runs.every((r) => r.delivered === NOTIFICATIONS_PER_RUN && r.failedAttempts === 0),
    };
  };
  if (deliveryRuns.length > 0) {
    const deliveries = deliveryRate(deliveryRuns);
    add('notification deliveries / all-core signing rate', deliveries, signingRate, 0.5,
      `${fmt(NOTIFICATIONS_PER_RUN)} signed notifyPayment deliveries to a local receiver: each costs one RSA-2048 sign on the same thread pool as the API (${fmt(deliveries.value)}/s)`);
    add('notification floor / all-core signing rate', deliveryRate(floorDeliveryRuns), signingRate, 0.5,
      'a bare sender that only signs and POSTs to the same receiver: the most any sender reaches on this machine');
  }
  add('signed pay / the same, other checkout', rate('pay-signed'), rate('pay-signed-compare'), 0.95,
    `this checkout against ${config.compareDir ?? 'BENCH_COMPARE_DIR'}, same run: no worse than before a change`);
  add('unsigned pay / the same, other checkout', rate('pay-unsigned'), rate('pay-unsigned-compare'), 0.95,
    `this checkout against ${config.compareDir ?? 'BENCH_COMPARE_DIR'}, same run: no worse than before a change`);
  add('unsigned pay, journal off / the same, other checkout', rate('pay-unsigned-no-journal'), rate('pay-unsigned-compare'), 0.95,
    'like for like against a checkout from before the request journal: what the other changes cost unsigned pay (the journal\'s own cost is its ratio above)');
  if (compareDeliveryRuns.length > 0) {
    add('notification deliveries / the same, other checkout', deliveryRate(deliveryRuns), deliveryRate(compareDeliveryRuns), 0.95,
      `this checkout against ${config.compareDir}, same run: no worse than before a change`);
  }
  add(`signed pay, ${fmt(config.seedPayments)} stored / empty`, rate('pay-signed-100k'), rate('pay-signed'), 0.9,
    'whether a full store slows pay down');

  const report: BenchReport = {
    date: new Date(started).toISOString(),
    machine,
    config,
    signing: {
      allCoresPerSecond: signingRate.value, perRun: signingRate.perRun, signatures, seconds: signSeconds, oneCorePerSecond,
      inFlight: SIGN_IN_FLIGHT, threadPoolSize: THREAD_POOL_SIZE, poolSize: pool.length, poolSignaturesPerSecond,
    },
    scenarios: results,
    ratios,
    startup,
    listLatency,
    dashboardPaint,
    retentionRss,
    errors: [
      ...errorsOf(results),
      ...(retentionRss && retentionRss.problems > 0 ? [`retention-rss: ${retentionRss.problems} problem(s); first: ${retentionRss.firstProblem ?? '-'}`] : []),
    ],
  };
  await writeReport(report);
  console.log(`\n${formatReport(report)}`);
  if (startup) {
    console.log(`\nstart-up (targets: first ≤ ${STARTUP_TARGETS.firstMs} ms, further ≤ ${STARTUP_TARGETS.furtherMedianMs} ms): first ${startup.firstMs.toFixed(0)} ms, further ${startup.furtherMedianMs.toFixed(0)} ms ${startup.met ? 'MET' : 'MISS'}`);
  }
  if (listLatency) {
    console.log(`\nlist latency with ${fmt(listLatency.payments)} payments, ${fmt(listLatency.notifications)} notifications and ${fmt(listLatency.requests)} journal entries (target: median < ${LIST_TARGET_MS} ms): ${listLatency.met ? 'MET' : 'MISS'}`);
    for (const l of listLatency.lists) console.log(`  ${l.path.padEnd(34)} median ${l.medianMs.toFixed(1).padStart(6)} ms  max ${l.maxMs.toFixed(1).padStart(6)} ms`);
  }
  if (dashboardPaint) {
    console.log(`\ndashboard first paint of /_sandbox/ui/payments with ${fmt(dashboardPaint.payments)} payments, fresh browser context each load (target: medians < ${PAINT_TARGET_MS} ms): ${dashboardPaint.met ? 'MET' : 'MISS'}`);
    console.log(`  first contentful paint  median ${dashboardPaint.fcpMedianMs.toFixed(0).padStart(5)} ms  max ${dashboardPaint.fcpMaxMs.toFixed(0).padStart(5)} ms`);
    console.log(`  first payment row shown median ${dashboardPaint.firstRowMedianMs.toFixed(0).padStart(5)} ms  max ${dashboardPaint.firstRowMaxMs.toFixed(0).padStart(5)} ms`);
  }
  if (retentionRss) {
    const { thirds: [first, , last], settings } = retentionRss;
    console.log(`\nmemory at a fixed retention (--retain ${settings.retainMs} ms, ${fmt(retentionRss.paysPerSecond)} sales/s for ${settings.seconds} s after a ${retentionRss.warmupSeconds.toFixed(0)} s warm-up; target: RSS last third / first third ≤ ${RETENTION_RSS_TARGET}, stored payments bounded): ${retentionRss.ratio.toFixed(2)} ${retentionRss.met ? 'MET' : 'MISS'}`);
    for (const [name, t] of [['first third', first], ['last third', last]] as const) {
      console.log(`  ${name.padEnd(12)} RSS mean ${t.rssMeanMb.toFixed(1).padStart(7)} MB, max ${t.rssMaxMb.toFixed(1).padStart(7)} MB; stored payments ${fmt(t.paymentsMin)}-${fmt(t.paymentsMax)} (${t.samples} samples)`);
    }
    console.log(`  request journal ${fmt(retentionRss.journal.size)} of ${fmt(retentionRss.journal.capacity)} calls when the measured run began${retentionRss.paymentsBounded ? '' : '; STORED PAYMENTS GREW'}`);
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; JSON in ${RESULTS_FILE})`);
  // Errors fail the command; a missed target is a finding to read, not a crash.
  if (report.errors.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 1;
});
