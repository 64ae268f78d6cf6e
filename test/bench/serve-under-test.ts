// The server under test, in its own process so that the load generator does not share its event loop.
//
//   node --import tsx test/bench/serve-under-test.ts echo
//   node --import tsx test/bench/serve-under-test.ts signed-floor
//   node --import tsx test/bench/serve-under-test.ts sandbox <off|enforce> <seedPayments> [file|memory] [rules] [journalSize]
//
// The merchant public key (PEM) comes in BENCH_MERCHANT_PUBLIC_KEY. When ready, one JSON line goes to
// stdout: { ready, url, sandboxPublicKeyPem?, seeded, seedSeconds }. SIGTERM, SIGINT or the parent
// closing stdin shuts it down cleanly (so --cpu-prof can write its profile) and removes the data dir.
import express from 'express';
import { mkdtemp, rm } from 'node:fs/promises';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../../server/create-sandbox.ts';
import { BENCH_CLIENT_ID } from './bench-config.ts';
import { benchScenarioFile } from '../../server/scenario/bench-fixture.ts';
import { seedPayments } from './seed-payments.ts';
import { seedLists } from './seed-lists.ts';
import { lowerBackgroundThreads } from '../../server/cli/thread-priority.ts';
import { parseSignatureHeader, signatureHeader, signMessage, verifyMessage } from '../../server/crypto/signature.ts';

export interface ReadyLine {
  ready: true;
  url: string;
  sandboxPublicKeyPem?: string;
  seeded: number;
  seedSeconds: number;
  /** With BENCH_SEED_LISTS=1: the notifications and journal entries added for the list-latency scenario. */
  lists?: { notifications: number; requests: number };
}

let shutdown: () => Promise<void> = async () => {};
let stopping = false;

function onStop() {
  if (stopping) return;
  stopping = true;
  shutdown().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('bench server: shutdown failed:', error);
      process.exit(1);
    },
  );
}

/** The bare Express 5 baseline: parse JSON, send it back. Express defaults, nothing tuned. */
async function startEcho(): Promise<ReadyLine> {
  const app = express();
  app.use(express.json());
  app.post('/v1/payments/pay', (req, res) => {
    res.json(req.body);
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  shutdown = () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seeded: 0, seedSeconds: 0 };
}

/**
 * The least any server can do for a signed pay, on bare node:http: read the body, parse it, verify the
 * request's signature, answer a success signed on the thread pool. No store, no journal, no validation.
 * What it reaches against the all-core signing rate is this machine's ceiling for the signed-pay ratio:
 * the HTTP and kernel cost of a call, which the signing rate does not see, is all it adds.
 */
async function startSignedFloor(): Promise<ReadyLine> {
  const merchantKey = createPublicKey(process.env.BENCH_MERCHANT_PUBLIC_KEY ?? '');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const request = JSON.parse(text) as { paymentRequestId: string };
      const path = req.url ?? '';
      const clientId = String(req.headers['client-id']);
      const ok = verifyMessage({ path, clientId, time: String(req.headers['request-time']), body: text }, parseSignatureHeader(String(req.headers.signature)).signature ?? '', merchantKey);
      const body = JSON.stringify({
        result: ok ? { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } : { resultCode: 'INVALID_SIGNATURE', resultStatus: 'F', resultMessage: 'invalid' },
        paymentRequestId: request.paymentRequestId, paymentId: `floor-${next++}`,
      });
      const time = new Date().toISOString();
      void signMessage({ path, clientId, time, body }, privateKey).then((signature) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'client-id': clientId, 'response-time': time, signature: signatureHeader(signature), 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await lowerBackgroundThreads();
  shutdown = () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sandboxPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, seeded: 0, seedSeconds: 0 };
}

async function startSandbox(signatureMode: string, seed: number, storage: string, rules: number, journalSize: number | undefined): Promise<ReadyLine> {
  if (storage !== 'file' && storage !== 'memory') throw new Error(`storage must be file or memory, not ${storage}`);
  if (signatureMode !== 'off' && signatureMode !== 'enforce') throw new Error(`signature mode must be off or enforce, not ${signatureMode}`);
  const merchantKey = process.env.BENCH_MERCHANT_PUBLIC_KEY;
  if (signatureMode === 'enforce' && !merchantKey) throw new Error('BENCH_MERCHANT_PUBLIC_KEY is required for signed runs');
  // A real data directory by default: the CLI's default is a file-backed store, and the 100k scenario must
  // be one. Memory is for diagnosis: it shows what the file writes cost.
  const dataDir = storage === 'file' ? await mkdtemp(join(tmpdir(), 'alipay-sandbox-bench-')) : undefined;
  const removeDataDir = async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  // Until listen() succeeds a failure exits the process; the data dir must not be left behind.
  shutdown = removeDataDir;
  const sandbox = await createSandbox({
    port: 0,
    signatureMode,
    ...(dataDir ? { dataDir } : { memory: true }),
    merchants: merchantKey ? { [BENCH_CLIENT_ID]: merchantKey } : {},
    logLevel: 'silent',
    clock: 'real',
    // Scenario rules loaded on top of the built-ins; none matches the bench's pay.
    ...(rules > 0 ? { scenarioData: [benchScenarioFile(rules)] } : {}),
    // 0 turns the request journal off: what recording every call costs (the journal-cost ratio).
    ...(journalSize !== undefined ? { journalSize } : {}),
  });
  const seedStart = process.hrtime.bigint();
  if (seed > 0) await seedPayments(sandbox.store, seed, BENCH_CLIENT_ID);
  const lists = process.env.BENCH_SEED_LISTS === '1' ? await seedLists(sandbox.core) : undefined;
  const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
  const listening = await sandbox.listen(0);
  // As the CLI does: the event loop goes before the thread pool's signatures.
  await lowerBackgroundThreads();
  shutdown = async () => {
    try {
      await listening.close();
    } finally {
      await removeDataDir();
    }
  };
  return {
    ready: true,
    url: listening.url,
    sandboxPublicKeyPem: signatureMode === 'enforce' ? sandbox.keys.publicKeyPem : undefined,
    seeded: sandbox.store.payments.size,
    seedSeconds,
    lists,
  };
}

async function main() {
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  // The parent holds our stdin open; if it dies without killing us, stdin ends and we go too.
  process.stdin.on('end', onStop);
  process.stdin.resume();

  const [kind, mode = 'off', seed = '0', storage = 'file', rules = '0', journalSize] = process.argv.slice(2);
  const ready = kind === 'echo' ? await startEcho()
    : kind === 'signed-floor' ? await startSignedFloor()
    : kind === 'sandbox' ? await startSandbox(mode, Number(seed), storage, Number(rules), journalSize === undefined ? undefined : Number(journalSize))
    : undefined;
  if (!ready) throw new Error(`usage: serve-under-test.ts echo | signed-floor | sandbox <off|enforce> <seedPayments> [file|memory] [rules] [journalSize]; got ${kind}`);
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch(async (error: unknown) => {
  console.error('bench server failed to start:', error);
  await shutdown().catch(() => {});
  process.exit(1);
});
