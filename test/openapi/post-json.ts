// A POST over a fresh loopback connection (no keep-alive pool): a pooled connection the server closed while
// idle would make a test fail on timing, not on what it checks.
import { request } from 'node:http';

export interface JsonAnswer { status: number; headers: Record<string, string | string[] | undefined>; text: string }

export function postJson(url: string, headers: Record<string, string>, body: string): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer from ${url} in 20 s`)));
    req.on('error', reject);
    req.end(body);
  });
}
