// The wallet × terminal table of docs/wallets.md, generated from the catalogue and the link builders that
// pay uses, so the page cannot drift from what pay answers: `npm run docs:tables` rewrites it between its
// markers, and a test fails when they differ.
import type { WalletCatalogueFile } from '../../schemas/wallet-catalogue.ts';
import { WALLET_TERMINALS } from '../../schemas/wallet-catalogue.ts';
import { LINK_BUILDERS } from './links.ts';

const cell = (text: string) => text.replaceAll('|', '\\|');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

const EXAMPLE = { baseUrl: 'http://127.0.0.1:8080', token: 'pg_<token>', expiresAt: Date.parse('2026-11-25T12:14:00Z') };

export function walletLinkTable(catalogue: WalletCatalogueFile): string {
  const head = ['paymentMethodType', 'wallet', 'region', ...WALLET_TERMINALS, 'schemeUrl scheme'];
  const rows = catalogue.wallets.map((w) => [
    `\`${w.paymentMethodType}\``, w.name, w.region,
    ...WALLET_TERMINALS.map((t) => (w.terminals[t] ? w.terminals[t].join(', ') : 'refused (PARAM_ILLEGAL)')),
    `\`${w.scheme}://\``,
  ]);
  const wallet = catalogue.wallets[0]!;
  const examples = (['normalUrl', 'applinkUrl', 'schemeUrl'] as const).map((name) => row([`\`${name}\``, `\`${LINK_BUILDERS[name](wallet, EXAMPLE)}\``]));
  const form = LINK_BUILDERS.orderCodeForm(wallet, EXAMPLE);
  return [
    row(head), row(head.map(() => '---')), ...rows.map(row), '',
    `Each link, as the sandbox builds it (for ${wallet.paymentMethodType}, a sandbox at ${EXAMPLE.baseUrl}):`, '',
    row(['link', 'value']), row(['---', '---']), ...examples,
    row(['`orderCodeForm`', `\`${JSON.stringify(form)}\``]),
  ].join('\n');
}

const BEGIN = '<!-- generated:wallet-links (npm run docs:tables) -->';
const END = '<!-- /generated:wallet-links -->';

/** docs/wallets.md with its generated block replaced; throws when the markers are missing. */
export function withWalletTable(page: string, catalogue: WalletCatalogueFile): string {
  const start = page.indexOf(BEGIN);
  const stop = page.indexOf(END);
  if (start < 0 || stop < start) throw new Error(`docs/wallets.md lacks the markers ${BEGIN} ... ${END}`);
  return `${page.slice(0, start + BEGIN.length)}\n${walletLinkTable(catalogue)}\n${page.slice(stop)}`;
}
