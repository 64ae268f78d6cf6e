// npm run docs:tables: rewrites the generated scenario tables of docs/scenarios.md from the built-in catalogue.
// With --check it only says whether they are up to date (exit code 1 when not).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withDocTables } from './doc-tables.ts';
import { loadCatalogue } from './scenario-engine.ts';

const PAGE = fileURLToPath(new URL('../../docs/scenarios.md', import.meta.url));

const current = await readFile(PAGE, 'utf8');
const next = withDocTables(current, await loadCatalogue());
if (process.argv.includes('--check')) {
  process.stdout.write(next === current ? 'docs/scenarios.md tables are up to date\n' : 'docs/scenarios.md tables differ from the catalogue: run npm run docs:tables\n');
  process.exitCode = next === current ? 0 : 1;
} else if (next !== current) {
  await writeFile(PAGE, next);
  process.stdout.write('docs/scenarios.md tables rewritten from scenarios/\n');
} else {
  process.stdout.write('docs/scenarios.md tables are up to date\n');
}
