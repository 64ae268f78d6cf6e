// The bench's knobs in one place. Durations and sizes can be overridden by environment variables, so a
// quick smoke run (BENCH_SECONDS=1) and a longer, steadier one use the same code.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function numberFromEnv(name: string, fallback: number, { min, max }: { min: number; max: number }): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  // Refuse nonsense instead of running a bench that silently measures something else.
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export interface BenchConfig {
  /** Measured seconds per scenario, all rounds together (BENCH_SECONDS). */
  seconds: number;
  /**
   * The measured seconds are split into this many rounds, and each round runs every scenario (and the
   * signing measurement) in turn, so background load on a shared machine hits all of them alike (BENCH_ROUNDS).
   */
  rounds: number;
  /** Discarded warm-up seconds per scenario, so JIT and connection set-up are not measured (BENCH_WARMUP_SECONDS). */
  warmupSeconds: number;
  /**
   * Discarded seconds before each measured run (BENCH_RUN_WARMUP_SECONDS). A server waits idle while the
   * other scenarios run, and after ~8 s of that V8's memory reducer shrinks its heap and drops compiled
   * code: without this its next run measured re-warming (~20% fewer signed pays in the first round).
   */
  runWarmupSeconds: number;
  /** Concurrent keep-alive connections of the load generator (BENCH_CONNECTIONS). */
  connections: number;
  /** Payments stored before the "full store" scenario (BENCH_SEED_PAYMENTS). */
  seedPayments: number;
  /** Seconds spent measuring the all-core RSA signing rate, all rounds together (BENCH_SIGN_SECONDS). */
  signSeconds: number;
  /** Extra node flags for the server child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (BENCH_SERVER_NODE_ARGS). */
  serverNodeArgs: string[];
  /** Comma-separated scenario ids to run, e.g. "baseline,pay-unsigned" (BENCH_ONLY); all when unset. */
  only: string[] | undefined;
  /**
   * retention-rss: measured seconds (BENCH_RETENTION_SECONDS), pays/s offered (BENCH_RETENTION_RATE), --retain
   * in ms (BENCH_RETAIN_MS; 0 = off), the shortest warm-up (BENCH_RETENTION_WARMUP_SECONDS).
   */
  retention: { seconds: number; rate: number; retainMs: number; retainEveryMs: number; warmupMinSeconds: number; warmupMaxSeconds: number };
  /**
   * Another checkout of the project, with its node_modules installed (BENCH_COMPARE_DIR): its signed and
   * unsigned pay run beside this one's, for a before/after ratio measured in the same run.
   */
  compareDir: string | undefined;
}

export function readBenchConfig(): BenchConfig {
  const retentionWarmup = numberFromEnv('BENCH_RETENTION_WARMUP_SECONDS', 50, { min: 0, max: 600 });
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    seconds: numberFromEnv('BENCH_SECONDS', 7, { min: 1, max: 60 }),
    rounds: Math.round(numberFromEnv('BENCH_ROUNDS', 7, { min: 1, max: 20 })),
    warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 1, { min: 0, max: 30 }),
    runWarmupSeconds: numberFromEnv('BENCH_RUN_WARMUP_SECONDS', 0.5, { min: 0, max: 10 }),
    connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 20, { min: 1, max: 500 })),
    seedPayments: Math.round(numberFromEnv('BENCH_SEED_PAYMENTS', 100_000, { min: 0, max: 1_000_000 })),
    signSeconds: numberFromEnv('BENCH_SIGN_SECONDS', 3.5, { min: 0.5, max: 30 }),
    serverNodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    only: only && only.length > 0 ? only : undefined,
    retention: {
      seconds: numberFromEnv('BENCH_RETENTION_SECONDS', 60, { min: 3, max: 3600 }),
      warmupMinSeconds: retentionWarmup,
      // Room beyond the shortest warm-up for the journal to fill on a slow machine.
      warmupMaxSeconds: retentionWarmup + 60,
      rate: Math.round(numberFromEnv('BENCH_RETENTION_RATE', 1000, { min: 10, max: 20_000 })),
      retainMs: Math.round(numberFromEnv('BENCH_RETAIN_MS', 2000, { min: 0, max: 3_600_000 })),
      retainEveryMs: 250,
    },
    compareDir: compareDirFromEnv(),
  };
}

/** The merchant the signed scenarios register; the seeded payments belong to it too. */
export const BENCH_CLIENT_ID = 'BENCH_MERCHANT';
export const PAY_PATH = '/v1/payments/pay';

function compareDirFromEnv(): string | undefined {
  const dir = process.env.BENCH_COMPARE_DIR?.trim();
  if (!dir) return undefined;
  if (!existsSync(join(dir, 'test', 'bench', 'serve-under-test.ts')) || !existsSync(join(dir, 'node_modules', 'tsx'))) {
    throw new Error(`BENCH_COMPARE_DIR ${dir} is not a checkout of this project with node_modules installed (no test/bench/serve-under-test.ts or node_modules/tsx)`);
  }
  return resolve(dir);
}
