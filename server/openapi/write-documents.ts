// npm run docs:openapi: writes the OpenAPI documents the sandbox serves into docs/openapi/, for readers and
// tools without a running sandbox. With --check it only says whether the committed copies are up to date
// (exit code 1 when not). A test compares them with what the server serves.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { controlDocument, documentText, merchantDocument } from './documents.ts';

const dir = (name: string) => fileURLToPath(new URL(`../../docs/openapi/${name}`, import.meta.url));

const COMMITTED_FILES = {
  'merchant-api.json': async () => documentText(await merchantDocument(), 'json'),
  'merchant-api.yaml': async () => documentText(await merchantDocument(), 'yaml'),
  'control-plane.json': async () => documentText(controlDocument(), 'json'),
  'control-plane.yaml': async () => documentText(controlDocument(), 'yaml'),
} as const;

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [name, text] of Object.entries(COMMITTED_FILES)) {
  const next = await text();
  const current = await readFile(dir(name), 'utf8').catch(() => undefined);
  if (next === current) continue;
  stale.push(name);
  if (!check) await writeFile(dir(name), next);
}
if (check) {
  process.stdout.write(stale.length ? `docs/openapi/ differs from what the sandbox serves: ${stale.join(', ')}; run npm run docs:openapi\n` : 'docs/openapi/ is up to date\n');
  process.exitCode = stale.length ? 1 : 0;
} else {
  process.stdout.write(stale.length ? `docs/openapi/ rewritten: ${stale.join(', ')}\n` : 'docs/openapi/ is up to date\n');
}
