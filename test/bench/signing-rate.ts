// How fast this machine signs with RSA-2048 through node:crypto: the ceiling for any server that signs
// every response. Measured in the same run as the HTTP scenarios, so the signed-pay ratio compares like
// with like on a noisy machine.
import { cpus } from 'node:os';
import { sign, type KeyObject } from 'node:crypto';

export interface SigningRate {
  /** crypto.sign with a callback (libuv thread pool), several in flight: all cores. */
  allCoresPerSecond: number;
  /** crypto.sign without a callback on one thread: one core, for scale. */
  oneCorePerSecond: number;
  signatures: number;
  seconds: number;
  inFlight: number;
  threadPoolSize: number;
  cores: number;
}

/** A typical signed message: the pay request's size, so hashing costs what it costs in the server. */
const MESSAGE = Buffer.from(`POST /v1/payments/pay\nBENCH_MERCHANT.2025-01-01T00:00:00+00:00.${'x'.repeat(420)}`);

/** Synchronous signing on this thread for about `seconds`, at most `max` signatures. */
function oneCoreRate(key: KeyObject, seconds: number, max: number): number {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let count = 0;
  while (count < max && process.hrtime.bigint() < deadline) {
    sign('sha256', MESSAGE, key);
    count++;
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function measureSigningRate(key: KeyObject, seconds: number): Promise<SigningRate> {
  const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  // Enough in flight to keep every pool thread busy while the main thread collects results.
  const inFlight = Math.max(8, threadPoolSize * 4);
  // A hard cap on top of the time limit: far more than any 2024-era core signs in `seconds`.
  const maxSignatures = Math.ceil(seconds * 20_000 * Math.max(1, cpus().length));

  // Warm up key parsing and the pool threads, unmeasured.
  await Promise.all(Array.from({ length: inFlight }, () => signOnce(key)));

  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let started = 0;
  let done = 0;
  const lane = async () => {
    while (started < maxSignatures && process.hrtime.bigint() < deadline) {
      started++;
      await signOnce(key);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    allCoresPerSecond: done / elapsed,
    oneCorePerSecond: oneCoreRate(key, Math.min(1, seconds), maxSignatures),
    signatures: done,
    seconds: elapsed,
    inFlight,
    threadPoolSize,
    cores: cpus().length,
  };
}

function signOnce(key: KeyObject): Promise<void> {
  return new Promise((resolve, reject) => {
    sign('sha256', MESSAGE, key, (error) => (error ? reject(error) : resolve()));
  });
}
