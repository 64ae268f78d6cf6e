// npm run docs:tables: rewrites the README's generated scenario tables from the built-in catalogue.
// With --check it only says whether they are up to date (exit code 1 when not).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withReadmeTables } from './readme-tables.ts';
import { loadCatalogue } from './scenario-engine.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

const current = await readFile(README, 'utf8');
const next = withReadmeTables(current, await loadCatalogue());
if (process.argv.includes('--check')) {
  process.stdout.write(next === current ? 'README tables are up to date\n' : 'README tables differ from the catalogue: run npm run docs:tables\n');
  process.exitCode = next === current ? 0 : 1;
} else if (next !== current) {
  await writeFile(README, next);
  process.stdout.write('README tables rewritten from scenarios/\n');
} else {
  process.stdout.write('README tables are up to date\n');
}
