// How fast this machine signs with RSA-2048 through node:crypto: the ceiling for a server that signs
// every response. Measured in short runs interleaved with the HTTP scenarios (see run-bench.ts), so the
// signed-pay ratio compares numbers taken under the same background load.
import { sign, type KeyObject } from 'node:crypto';

/** A message the size of a signed pay, so hashing costs what it costs in the server. */
const MESSAGE = Buffer.from(`POST /v1/payments/pay\nBENCH_MERCHANT.2025-01-01T00:00:00+00:00.${'x'.repeat(420)}`);

export const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
/** Enough in flight to keep every thread-pool thread busy while the main thread collects results. */
export const SIGN_IN_FLIGHT = Math.max(8, THREAD_POOL_SIZE * 4);

export interface SigningRun { signatures: number; seconds: number }

function signOnce(key: KeyObject): Promise<void> {
  return new Promise((resolve, reject) => {
    // With a callback, node:crypto signs on libuv's thread pool, so several signatures run on all cores.
    sign('sha256', MESSAGE, key, (error) => (error ? reject(error) : resolve()));
  });
}

/** All cores: SIGN_IN_FLIGHT signatures at a time for about `seconds`, and never more than `max`. */
export async function measureAllCoreSigning(key: KeyObject, seconds: number, max = Math.ceil(seconds * 100_000)): Promise<SigningRun> {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let started = 0;
  let done = 0;
  const lane = async () => {
    while (started < max && process.hrtime.bigint() < deadline) {
      started++;
      await signOnce(key);
      done++;
    }
  };
  await Promise.all(Array.from({ length: SIGN_IN_FLIGHT }, lane));
  return { signatures: done, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** One core: synchronous signing on this thread for about `seconds`, for scale. Signatures per second. */
export function oneCoreSigningRate(key: KeyObject, seconds: number, max = Math.ceil(seconds * 100_000)): number {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let count = 0;
  while (count < max && process.hrtime.bigint() < deadline) {
    sign('sha256', MESSAGE, key);
    count++;
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}
