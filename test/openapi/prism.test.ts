// An outside consumer of the merchant document: Stoplight Prism (the CLI, in its own process) loads it from
// the running sandbox, mocks it, and runs as a validation proxy in front of the sandbox. Both accept the
// document's example pay; the mock refuses a pay the document refuses.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Listening, type SandboxInternals } from '../../server/create-sandbox.ts';
import { RECORDED_AT } from '../../server/openapi/record-examples.ts';
import { signedHeaders, testMerchant } from '../support/merchant.ts';
import { postJson } from './post-json.ts';

const PRISM = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
const PAY = '/ams/api/v1/payments/pay';
const merchant = testMerchant();

let sandbox: SandboxInternals;
let server: Listening;
let payExample: Record<string, unknown>;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts `prism <args>` and resolves with its URL and log once it listens; rejects with the log if it stops. */
async function startPrism(args: string[]): Promise<{ url: string; log: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM, ...args, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start in 60 s:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, log: () => log });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Prism exited with ${code}:\n${log}`)); });
  });
}

beforeAll(async () => {
  sandbox = await createSandbox({ merchants: { [merchant.clientId]: merchant.publicKeyBase64 }, signatureMode: 'enforce', startAt: Date.parse(RECORDED_AT) });
  server = await sandbox.listen(0);
  const doc = await (await fetch(`${server.url}/_sandbox/openapi.json`)).json() as {
    paths: Record<string, { post: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>;
  };
  payExample = doc.paths[PAY]!.post.requestBody.content['application/json']!.examples.card!.value;
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await server.close();
});

describe('Prism', () => {
  it('mocks the document: the example pay passes its request validation, a broken one is refused', async () => {
    const prism = await startPrism(['mock', `${server.url}/_sandbox/openapi.json`]);
    expect(prism.log()).toMatch(/POST\s+http:\/\/127\.0\.0\.1:\d+\/ams\/api\/v1\/vaults\/inquireVaulting/);
    expect(prism.log()).not.toMatch(/error|✖/i);
    const body = JSON.stringify(payExample);
    const ok = await postJson(`${prism.url}${PAY}`, signedHeaders(merchant, PAY, body), body);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).result.resultCode).toBe('SUCCESS');
    expect(prism.log()).toContain('The request passed the validation rules');
    const { productCode: _dropped, ...broken } = payExample;
    const text = JSON.stringify(broken);
    const refused = await postJson(`${prism.url}${PAY}`, signedHeaders(merchant, PAY, text), text);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('productCode');
  });

  it('as a validation proxy in front of the sandbox, passes the signed example pay and finds no violation either way', async () => {
    const prism = await startPrism(['proxy', `${server.url}/_sandbox/openapi.json`, server.url, '--errors']);
    const body = JSON.stringify(payExample);
    const res = await postJson(`${prism.url}${PAY}`, signedHeaders(merchant, PAY, body), body);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['sl-violations']).toBeUndefined();
    const answer = JSON.parse(res.text) as { result: { resultCode: string }; paymentId: string };
    expect(answer.result.resultCode).toBe('SUCCESS');
    // The sandbox itself answered (the payment is in its store), signed over the path the merchant signed.
    expect(res.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect(sandbox.store.payments.get(answer.paymentId)).toBeDefined();
  });
});
