// npm run docs:tables: rewrites the generated scenario tables of docs/scenarios.md from the built-in catalogue.
// With --check it only says whether they are up to date (exit code 1 when not).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withDocTables } from './doc-tables.ts';
import { loadCatalogue } from './scenario-engine.ts';
import { WALLET_CATALOGUE } from '../../schemas/wallet-catalogue.ts';
import { withWalletTable } from '../wallet/doc-table.ts';

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

// The wallet × terminal table of docs/wallets.md, from scenarios/wallets/catalogue.yaml.
const WALLET_PAGE = fileURLToPath(new URL('../../docs/wallets.md', import.meta.url));
const walletPage = await readFile(WALLET_PAGE, 'utf8');
const walletNext = withWalletTable(walletPage, WALLET_CATALOGUE);
if (process.argv.includes('--check')) {
  process.stdout.write(walletNext === walletPage ? 'docs/wallets.md table is up to date\n' : 'docs/wallets.md table differs from the wallet catalogue: run npm run docs:tables\n');
  if (walletNext !== walletPage) process.exitCode = 1;
} else if (walletNext !== walletPage) {
  await writeFile(WALLET_PAGE, walletNext);
  process.stdout.write('docs/wallets.md table rewritten from scenarios/wallets/catalogue.yaml\n');
}
