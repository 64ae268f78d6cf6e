// npm run docs:errors: rewrites the error table of docs/errors.md from the catalogues. With --check it only
// says whether it is up to date (exit code 1 when not).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withErrorTable } from './error-table.ts';

const PAGE = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));

const current = await readFile(PAGE, 'utf8');
const next = withErrorTable(current);
if (process.argv.includes('--check')) {
  process.stdout.write(next === current ? 'docs/errors.md is up to date\n' : 'docs/errors.md differs from the catalogues: run npm run docs:errors\n');
  process.exitCode = next === current ? 0 : 1;
} else if (next !== current) {
  await writeFile(PAGE, next);
  process.stdout.write('docs/errors.md rewritten from the catalogues\n');
} else {
  process.stdout.write('docs/errors.md is up to date\n');
}
