// The bench's report: a table on stdout and the same facts as JSON in test/bench/results/latest.json.
// Only ratios between numbers from the same run are judged; absolute numbers on a shared 2-core machine
// say little from one run to the next.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './bench-config.ts';
import { problemsOf, type LoadSummary } from './run-load.ts';
import type { StartupResult } from './startup-bench.ts';
import type { ListLatencyResult } from './list-latency.ts';
import type { RetentionRssResult } from './retention-rss.ts';
import type { DashboardPaintResult } from './dashboard-paint.ts';

export interface ScenarioResult {
  id: string;
  title: string;
  summary: LoadSummary;
  /** Server-side facts worth keeping, e.g. how long seeding took. */
  notes?: string;
}

export interface SigningResult {
  allCoresPerSecond: number;
  /** All-core rate of each round. */
  perRun: number[];
  signatures: number;
  seconds: number;
  oneCorePerSecond: number;
  inFlight: number;
  threadPoolSize: number;
  /** Pre-signed pay requests, and how fast they were signed (a cross-check of the rate). */
  poolSize: number;
  poolSignaturesPerSecond: number;
}

export interface RatioResult {
  name: string;
  /** The median of perRound (the ratio of the totals when there are fewer than three rounds). */
  value: number;
  /** Total against total, over all rounds: shown beside the value, and moved by any one slow round. */
  ofTotals: number;
  /** The same ratio within each round. */
  perRound: number[];
  target: number;
  pass: boolean;
  /** False when a scenario it is made from had errors: then its value means nothing. */
  valid: boolean;
  explanation: string;
}

export interface BenchReport {
  date: string;
  machine: { cpuModel: string; cores: number; node: string; platform: string; loadAverageAtStart: number[] };
  config: BenchConfig;
  signing: SigningResult;
  scenarios: ScenarioResult[];
  ratios: RatioResult[];
  /** Sandboxes started in a fresh process (startup-bench.ts). */
  startup?: StartupResult;
  listLatency?: ListLatencyResult;
  dashboardPaint?: DashboardPaintResult;
  retentionRss?: RetentionRssResult;
  errors: string[];
}

export const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

export function machineFacts(): BenchReport['machine'] {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export interface Rate { value: number; perRun: number[]; valid: boolean }

/**
 * A ratio's value is the median of its rounds' ratios. Every round measures both sides back to back, and
 * this machine's speed swings by half from one second to the next (other tenants of the host): a slow
 * second that lands on one side moves one round's ratio, where it would move a ratio of the totals by as
 * much as the difference being measured. With fewer than three rounds, the ratio of the totals.
 */
export function ratio(name: string, numerator: Rate, denominator: Rate, target: number, explanation: string): RatioResult {
  const divide = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : 0);
  // A round where one side has no figure (another checkout that failed to run) is left out.
  const perRound = numerator.perRun.map((n, i) => divide(n, denominator.perRun[i]))
    .filter((_, i) => Number.isFinite(numerator.perRun[i]) && Number.isFinite(denominator.perRun[i]));
  const ofTotals = divide(numerator.value, denominator.value);
  const value = perRound.length >= 3 ? median(perRound) : ofTotals;
  return {
    name,
    value,
    ofTotals,
    perRound,
    target,
    pass: value >= target,
    valid: numerator.valid && denominator.valid,
    explanation,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fixed = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (values: number[], digits = 0) => (values.length < 2 ? '-' : `${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)}`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  const { machine: m, config: c } = report;
  out.push(`alipay-sandbox bench — ${report.date}`);
  out.push(`${m.cores} × ${m.cpuModel}, node ${m.node}, load average at start ${m.loadAverageAtStart.join(' ')}`);
  out.push(`${c.connections} connections; per scenario ${c.warmupSeconds} s warm-up, then ${c.seconds} s measured in ${c.rounds} interleaved rounds\n`);

  out.push(table([
    ['scenario', 'req/s', 'rounds', 'p50 ms', 'p99 ms', 'responses', 'server CPU', 'µs CPU/req', 'client CPU', 'machine CPU', 'problems'],
    ...report.scenarios.map(({ title, summary: s }) => [
      title,
      fixed(s.requestsPerSecond),
      range(s.perRun),
      fixed(s.p50Ms, 1),
      fixed(s.p99Ms, 1),
      fixed(s.responses),
      s.serverCores === undefined ? '-' : fixed(s.serverCores, 2),
      s.serverCores === undefined || s.requestsPerSecond === 0 ? '-' : fixed((s.serverCores * 1e6) / s.requestsPerSecond),
      fixed(s.generatorCores, 2),
      s.machineBusyCores === undefined ? '-' : `${fixed(s.machineBusyCores, 2)}${s.machineStealCores ? ` +${fixed(s.machineStealCores, 2)} stolen` : ''}`,
      problemsOf(s) === 0 ? 'none' : `${fixed(problemsOf(s))} !!`,
    ]),
  ]));
  out.push('  CPU columns: cores used while measuring. server = the child process with all its threads; µs CPU/req = server');
  out.push('  CPU per response (steadier than req/s on a shared machine); client = autocannon; machine = everything, kernel');
  out.push(`  included, of ${m.cores}: well above server + client means something outside the bench ran too.`);
  for (const s of report.scenarios) if (s.notes) out.push(`  ${s.title}: ${s.notes}`);

  const g = report.signing;
  out.push('');
  out.push(`RSA-2048 signing, node:crypto: ${fixed(g.allCoresPerSecond)} signatures/s on all cores (rounds ${range(g.perRun)};`
    + ` ${g.inFlight} in flight, thread pool ${g.threadPoolSize}); one core ${fixed(g.oneCorePerSecond)}/s`);
  if (g.poolSize > 0) out.push(`  pre-signing ${fixed(g.poolSize)} pay requests ran at ${fixed(g.poolSignaturesPerSecond)} signatures/s (cross-check)`);

  out.push('');
  out.push(table([
    ['ratio', 'value', 'rounds', 'of totals', 'target', 'verdict'],
    ...report.ratios.map((r) => [r.name, fixed(r.value, 2), range(r.perRound, 2), fixed(r.ofTotals, 2), `>= ${fixed(r.target, 2)}`,
      `${r.pass ? 'PASS' : 'MISS'}${r.valid ? '' : ' (INVALID: errors)'}`]),
  ]));
  out.push('  value: the median of the rounds\' ratios (each round measures both sides back to back); of totals: all rounds\' totals, moved by any one slow round');
  for (const r of report.ratios) out.push(`  ${r.name}: ${r.explanation}`);

  if (report.errors.length > 0) {
    const bar = '!'.repeat(78);
    out.push('', bar, '!! THE BENCH SAW ERRORS: the numbers above are not trustworthy.');
    for (const e of report.errors) out.push(`!!  - ${e}`);
    out.push(bar);
  }
  return out.join('\n');
}

/** One line per scenario that had problems, saying which and what the first one was. */
export function errorsOf(scenarios: ScenarioResult[]): string[] {
  return scenarios.filter((s) => problemsOf(s.summary) > 0).map(({ title, summary: x }) => {
    const parts = [
      x.non2xx && `${x.non2xx} non-2xx`,
      x.socketErrors && `${x.socketErrors} socket errors`,
      x.timeouts && `${x.timeouts} timeouts`,
      x.wrongAnswers && `${x.wrongAnswers} wrong answers`,
      x.exhausted && `${x.exhausted} requests sent without a fresh body`,
      x.endedEarly && 'a run ended before its time: the request supply ran out',
    ].filter(Boolean);
    return `${title}: ${parts.join(', ')}${x.firstProblem ? `; first: ${x.firstProblem}` : ''}`;
  });
}

export async function writeReport(report: BenchReport): Promise<void> {
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
}
