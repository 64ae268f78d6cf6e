// npm run bench: how the sandbox's pay compares with a bare Express server and with the machine's own
// RSA signing rate, all measured in one run. Each server under test runs in a child process; autocannon
// drives it over loopback from this process. See bench-config.ts for the environment overrides.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { BENCH_CLIENT_ID, PAY_PATH, readBenchConfig, type BenchConfig } from './bench-config.ts';
import { startChildServer } from './child-server.ts';
import {
  checkEcho, checkPay, poolSource, signPayPool, unsignedPaySource,
  type PreparedRequest, type RequestSource, type ResponseCheck,
} from './pay-requests.ts';
import {
  errorsOf, formatReport, machineFacts, ratio, RESULTS_FILE, writeReport,
  type BenchReport, type RatioResult, type ScenarioResult,
} from './report.ts';
import { problemsOf, runLoad } from './run-load.ts';
import { measureSigningRate } from './signing-rate.ts';

interface Scenario {
  id: string;
  title: string;
  serverArgs: string[];
  source: () => RequestSource;
  /** Built from the sandbox's public key in the ready line, to verify response signatures. */
  check: (sandboxPublicKeyPem: string | undefined) => ResponseCheck;
}

async function runScenario(scenario: Scenario, config: BenchConfig, merchantPublicKeyPem: string): Promise<ScenarioResult> {
  console.log(`- ${scenario.title}: starting the server…`);
  const server = await startChildServer({
    args: scenario.serverArgs,
    env: { BENCH_MERCHANT_PUBLIC_KEY: merchantPublicKeyPem },
    nodeArgs: config.serverNodeArgs,
  });
  try {
    const { ready } = server;
    const notes = ready.seeded > 0 ? `${ready.seeded.toLocaleString('en-US')} payments stored in ${ready.seedSeconds.toFixed(1)} s before the run` : undefined;
    console.log(`  server ${server.pid} at ${ready.url}${notes ? `; ${notes}` : ''}; loading…`);
    const summary = await runLoad({
      url: ready.url,
      path: PAY_PATH,
      source: scenario.source(),
      check: scenario.check(ready.sandboxPublicKeyPem),
      connections: config.connections,
      warmupSeconds: config.warmupSeconds,
      seconds: config.seconds,
    });
    console.log(`  ${summary.requestsPerSecond.toFixed(0)} req/s, p99 ${summary.p99Ms} ms${problemsOf(summary) ? `, ${problemsOf(summary)} PROBLEMS` : ''}`);
    return { id: scenario.id, title: scenario.title, summary, notes };
  } finally {
    await server.stop();
  }
}

async function main() {
  const config = readBenchConfig();
  const wanted = (id: string) => !config.only || config.only.includes(id);
  const machine = machineFacts();
  const started = Date.now();

  // The merchant's key pair: the child registers the public half, this process signs with the private one.
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantPublicKeyPem = merchant.publicKey.export({ format: 'pem', type: 'spki' }).toString();

  // Signing rate first, while nothing else runs: it is the ceiling the signed scenarios are judged against.
  console.log(`- RSA-2048 signing rate on all cores (${config.signSeconds} s)…`);
  const signing = await measureSigningRate(merchant.privateKey, config.signSeconds);
  console.log(`  ${signing.allCoresPerSecond.toFixed(0)} signatures/s`);

  // Pre-sign enough distinct pays for warm-up + measurement. The server signs every response, so it
  // cannot answer faster than the machine signs: the all-core rate with 25% headroom bounds the need.
  const signedWanted = wanted('pay-signed') || wanted('pay-signed-100k');
  let pool: PreparedRequest[] = [];
  let poolSignaturesPerSecond = 0;
  if (signedWanted) {
    const size = Math.min(200_000, Math.max(2_000,
      Math.ceil(signing.allCoresPerSecond * (config.warmupSeconds + config.seconds) * 1.25) + config.connections * 2));
    console.log(`- pre-signing ${size.toLocaleString('en-US')} pay requests…`);
    const t0 = process.hrtime.bigint();
    pool = await signPayPool(size, merchant.privateKey);
    poolSignaturesPerSecond = size / (Number(process.hrtime.bigint() - t0) / 1e9);
  }

  const payCheck = (pem: string | undefined) => checkPay(pem ? createPublicKey(pem) : undefined);
  const scenarios: Scenario[] = [
    { id: 'baseline', title: 'Express 5 JSON echo (baseline)', serverArgs: ['echo'], source: () => unsignedPaySource('echo'), check: () => checkEcho },
    { id: 'pay-unsigned', title: 'pay, signatures off', serverArgs: ['sandbox', 'off', '0'], source: () => unsignedPaySource('pay'), check: payCheck },
    // The pool is reused by both signed scenarios: each runs against a fresh server with its own store.
    { id: 'pay-signed', title: 'signed pay, empty store', serverArgs: ['sandbox', 'enforce', '0'], source: () => poolSource(pool), check: payCheck },
    {
      id: 'pay-signed-100k',
      title: `signed pay, ${config.seedPayments.toLocaleString('en-US')} stored`,
      serverArgs: ['sandbox', 'enforce', String(config.seedPayments)],
      source: () => poolSource(pool),
      check: payCheck,
    },
  ];

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios.filter((s) => wanted(s.id))) {
    results.push(await runScenario(scenario, config, merchantPublicKeyPem));
  }

  const rate = (id: string) => {
    const s = results.find((r) => r.id === id);
    return { value: s?.summary.requestsPerSecond ?? 0, valid: s !== undefined && problemsOf(s.summary) === 0 };
  };
  const ratios: RatioResult[] = [];
  if (wanted('pay-unsigned') && wanted('baseline')) {
    ratios.push(ratio('unsigned pay / Express echo', rate('pay-unsigned'), rate('baseline'), 0.7,
      'what validation, the pay logic and the store cost over bare Express'));
  }
  if (wanted('pay-signed')) {
    ratios.push(ratio('signed pay / all-core signing rate', rate('pay-signed'), { value: signing.allCoresPerSecond, valid: true }, 0.5,
      'each signed pay costs one RSA sign (response) and one verify (request) in the server'));
  }
  if (wanted('pay-signed') && wanted('pay-signed-100k')) {
    ratios.push(ratio(`signed pay, ${config.seedPayments.toLocaleString('en-US')} stored / empty`, rate('pay-signed-100k'), rate('pay-signed'), 0.9,
      'whether a full store slows pay down'));
  }

  const report: BenchReport = {
    date: new Date(started).toISOString(),
    machine,
    config,
    signing: { ...signing, poolSize: pool.length, poolSignaturesPerSecond },
    scenarios: results,
    ratios,
    errors: errorsOf(results),
  };
  await writeReport(report);
  console.log(`\n${formatReport(report)}`);
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; JSON in ${RESULTS_FILE}; client id ${BENCH_CLIENT_ID})`);
  // Errors fail the command; a missed target is a finding to read, not a crash.
  if (report.errors.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 1;
});
