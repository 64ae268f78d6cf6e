// A sandbox listening on a real loopback port, with the test merchant, for the dashboard's routes:
// signed merchant calls and control-plane reads over real HTTP.
import { createSandbox, type Listening, type SandboxInternals } from '../../server/create-sandbox.ts';
import type { SandboxOptions } from '../../server/options.ts';
import { signedHeaders, testMerchant, type Merchant } from '../support/merchant.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface Live {
  sandbox: SandboxInternals;
  merchant: Merchant;
  url: string;
  /** A signed merchant call; the body is sent as given. */
  call(path: string, body: unknown, headers?: Record<string, string>): Promise<Json>;
  /** A control-plane request; answers status and JSON body. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  close(): Promise<void>;
}

export async function startLive(options: SandboxOptions = {}): Promise<Live> {
  const merchant = testMerchant();
  const sandbox = await createSandbox({ merchants: { [merchant.clientId]: merchant.publicKeyBase64 }, ...options });
  const listening: Listening = await sandbox.listen();
  const url = listening.url;
  return {
    sandbox, merchant, url,
    async call(path, body, headers = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { ...signedHeaders(merchant, path, text), ...headers }, body: text });
      return (await res.json()) as Json;
    },
    async control(method, path, body) {
      const res = await fetch(`${url}/_sandbox${path}`, {
        method, ...(body === undefined ? { headers: { 'x-sandbox-control': '1' } } : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    },
    close: () => listening.close(),
  };
}
