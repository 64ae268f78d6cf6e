// The CLI's side of the control plane: small calls to a running sandbox's /_sandbox routes.
import ms from 'ms';
import { Option } from 'commander';

export const urlOption = () =>
  new Option('--url <url>', 'the running sandbox').env('SANDBOX_URL').default('http://127.0.0.1:8080');

/** "30m", "2h", "15s" or plain milliseconds, as a number of milliseconds. */
export function parseDuration(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`"${text}" is not a duration (e.g. 90s, 30m, 2h)`);
  return value;
}

export async function callControlPlane(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl.replace(/\/$/, '')}/_sandbox${path}`, {
      method,
      // The control plane takes a change only as JSON or with this header (server/http/local-only.ts).
      headers: body === undefined ? { 'x-sandbox-control': '1' } : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`no sandbox answered at ${baseUrl} (${(error as Error).message}); start one with "alipay-sandbox start" or pass --url`, { cause: error });
  }
  // A refusal is { error: { code, message, status, field? } } (docs/errors.md).
  const answer = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok) throw new Error(`${answer.error?.code ?? `HTTP ${res.status}`}: ${answer.error?.message ?? 'the sandbox refused the call'}`);
  return answer;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
