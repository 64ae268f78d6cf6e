// The bench's report: a table on stdout and the same facts as JSON in test/bench/results/latest.json.
// Only ratios between numbers from the same run are judged; absolute numbers on a shared 2-core machine
// say little from one run to the next.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './bench-config.ts';
import { problemsOf, type LoadSummary } from './run-load.ts';
import type { SigningRate } from './signing-rate.ts';

export interface ScenarioResult {
  id: string;
  title: string;
  summary: LoadSummary;
  /** Server-side facts worth keeping, e.g. how long seeding took. */
  notes?: string;
}

export interface RatioResult {
  name: string;
  value: number;
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
  signing: SigningRate & { poolSize: number; poolSignaturesPerSecond: number };
  scenarios: ScenarioResult[];
  ratios: RatioResult[];
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

export function ratio(
  name: string,
  numerator: { value: number; valid: boolean },
  denominator: { value: number; valid: boolean },
  target: number,
  explanation: string,
): RatioResult {
  const value = denominator.value > 0 ? numerator.value / denominator.value : 0;
  return { name, value, target, pass: value >= target, valid: numerator.valid && denominator.valid, explanation };
}

const fixed = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

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
  const m = report.machine;
  out.push(`alipay-sandbox bench — ${report.date}`);
  out.push(`${m.cores} × ${m.cpuModel}, node ${m.node}, load average at start ${m.loadAverageAtStart.join(' ')}`);
  out.push(`${report.config.connections} connections, ${report.config.warmupSeconds} s warm-up + ${report.config.seconds} s measured per scenario\n`);

  out.push(table([
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'responses', 'problems'],
    ...report.scenarios.map((s) => [
      s.title,
      fixed(s.summary.requestsPerSecond),
      fixed(s.summary.p50Ms),
      fixed(s.summary.p99Ms),
      fixed(s.summary.responses),
      problemsOf(s.summary) === 0 ? 'none' : `${fixed(problemsOf(s.summary))} !!`,
    ]),
  ]));
  for (const s of report.scenarios) if (s.notes) out.push(`  ${s.title}: ${s.notes}`);

  const g = report.signing;
  out.push('');
  out.push(`RSA-2048 signing, node:crypto: ${fixed(g.allCoresPerSecond)} signatures/s on all cores`
    + ` (${g.inFlight} in flight, thread pool ${g.threadPoolSize}, ${fixed(g.signatures)} in ${fixed(g.seconds, 1)} s);`
    + ` one core ${fixed(g.oneCorePerSecond)}/s`);
  if (g.poolSize > 0) out.push(`  pre-signing ${fixed(g.poolSize)} pay requests ran at ${fixed(g.poolSignaturesPerSecond)} signatures/s (cross-check)`);

  out.push('');
  out.push(table([
    ['ratio', 'value', 'target', 'verdict'],
    ...report.ratios.map((r) => [r.name, fixed(r.value, 2), `>= ${fixed(r.target, 2)}`, `${r.pass ? 'PASS' : 'MISS'}${r.valid ? '' : ' (INVALID: errors)'}`]),
  ]));
  for (const r of report.ratios) out.push(`  ${r.name}: ${r.explanation}`);

  if (report.errors.length > 0) {
    out.push('');
    out.push('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    out.push('!! THE BENCH SAW ERRORS: the numbers above are not trustworthy.');
    for (const e of report.errors) out.push(`!!  - ${e}`);
    out.push('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }
  return out.join('\n');
}

/** One line per scenario that had problems, saying which and what the first one was. */
export function errorsOf(scenarios: ScenarioResult[]): string[] {
  return scenarios.filter((s) => problemsOf(s.summary) > 0).map((s) => {
    const x = s.summary;
    const parts = [
      x.non2xx && `${x.non2xx} non-2xx`,
      x.socketErrors && `${x.socketErrors} socket errors`,
      x.timeouts && `${x.timeouts} timeouts`,
      x.wrongAnswers && `${x.wrongAnswers} wrong answers`,
      x.exhausted && `${x.exhausted} requests re-sent for want of fresh ones`,
      x.endedEarly && `ended after ${x.durationSeconds.toFixed(1)} s: the request supply ran out`,
    ].filter(Boolean);
    return `${s.title}: ${parts.join(', ')}${x.firstProblem ? `; first: ${x.firstProblem}` : ''}`;
  });
}

export async function writeReport(report: BenchReport): Promise<void> {
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
}
