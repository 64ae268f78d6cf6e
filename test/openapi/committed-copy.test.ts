// docs/openapi/ holds the documents as the sandbox serves them (npm run docs:openapi writes them). This
// fails when the code changes what is served and the committed copy was not regenerated.
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandbox, type SandboxInternals } from '../../server/create-sandbox.ts';

let sandbox: SandboxInternals;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const COPIES: [file: string, route: string][] = [
  ['merchant-api.json', '/_sandbox/openapi.json'],
  ['merchant-api.yaml', '/_sandbox/openapi.yaml'],
  ['control-plane.json', '/_sandbox/openapi/control.json'],
  ['control-plane.yaml', '/_sandbox/openapi/control.yaml'],
];

it.each(COPIES)('docs/openapi/%s is what %s serves (else run npm run docs:openapi)', async (file, route) => {
  const committed = await readFile(new URL(`../../docs/openapi/${file}`, import.meta.url), 'utf8');
  const served = await request(sandbox.app).get(route).buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => { text += chunk; });
    res.on('end', () => done(null, text));
  }).expect(200);
  expect(served.body).toBe(committed);
});
