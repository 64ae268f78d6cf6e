// List latency at scale: a file-backed sandbox (in its own process) holding 100,000 payments, a delivered
// notification for each and a full request journal answers one page of each list endpoint. Measured
// after everything is loaded, one request at a time (a person paging, not a load test): a few unmeasured
// requests warm each endpoint up, then each is asked `samples` times. Target: the median under 50 ms.
import { startChildServer, type ChildServer } from './child-server.ts';

export const LIST_PATHS = ['/_sandbox/payments?limit=25', '/_sandbox/requests?limit=25', '/_sandbox/notifications?limit=25'] as const;
export const LIST_TARGET_MS = 50;

export interface ListLatency { path: string; medianMs: number; maxMs: number; samples: number; bytes: number }
export interface ListLatencyResult { payments: number; notifications: number; requests: number; loadSeconds: number; lists: ListLatency[]; met: boolean }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timedGet(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return { ms, bytes: text.length };
}

/** The seeded sandbox: `payments` payments, a delivered notification each, a full journal (shared with dashboard-paint). */
export function startSeededServer(payments: number, nodeArgs: string[] = []): Promise<ChildServer> {
  return startChildServer({ args: ['sandbox', 'off', String(payments), 'file'], env: { BENCH_SEED_LISTS: '1' }, nodeArgs, readyTimeoutMs: 300_000 });
}

/** One page of each list, `samples` times after 3 unmeasured, from a server started by startSeededServer(). */
export async function listLatencyOf(server: ChildServer, samples = 15): Promise<ListLatencyResult> {
  const { ready } = server;
  const lists: ListLatency[] = [];
  for (const path of LIST_PATHS) {
    for (let i = 0; i < 3; i++) await timedGet(`${ready.url}${path}`);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples; i++) ({ bytes } = await timedGet(`${ready.url}${path}`).then((r) => { times.push(r.ms); return r; }));
    lists.push({ path, medianMs: median(times), maxMs: Math.max(...times), samples, bytes });
  }
  return {
    payments: ready.seeded, notifications: ready.lists?.notifications ?? 0, requests: ready.lists?.requests ?? 0, loadSeconds: ready.seedSeconds,
    lists, met: lists.every((l) => l.medianMs < LIST_TARGET_MS),
  };
}
