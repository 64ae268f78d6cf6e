// docs/wallets.md's wallet × terminal table is generated from scenarios/wallets/catalogue.yaml by the link
// builders pay uses (npm run docs:tables); this fails as soon as the page and the catalogue drift apart.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseWalletCatalogue, WALLET_CATALOGUE } from '../../schemas/wallet-catalogue.ts';
import { withWalletTable } from '../../server/wallet/doc-table.ts';

describe('docs/wallets.md', () => {
  it('has the wallet table of the catalogue, as npm run docs:tables writes it', async () => {
    const page = await readFile(new URL('../../docs/wallets.md', import.meta.url), 'utf8');
    const [got, want] = [page.split('\n'), withWalletTable(page, WALLET_CATALOGUE).split('\n')];
    const first = want.findIndex((line, i) => got[i] !== line);
    expect(first < 0 && got.length === want.length ? 'in step' : `line ${first + 1} differs: run npm run docs:tables\n  page:      ${got[first]}\n  catalogue: ${want[first]}`).toBe('in step');
    for (const wallet of WALLET_CATALOGUE.wallets) expect(page).toContain(`| \`${wallet.paymentMethodType}\` | ${wallet.name} |`);
  });

  it('refuses a page without its markers, and a broken catalogue with the file and the field', () => {
    expect(() => withWalletTable('no markers', WALLET_CATALOGUE)).toThrow(/lacks the markers/);
    expect(() => parseWalletCatalogue('wallets: [{ paymentMethodType: GCASH, name: G, region: PH, scheme: x-g, terminals: { TV: [normalUrl] } }]', 'w.yaml'))
      .toThrow(/^w\.yaml: \/wallets\/0\/terminals/);
    expect(() => parseWalletCatalogue('wallets: [{ paymentMethodType: CARD, name: C, region: PH, scheme: x-c, terminals: { WEB: [normalUrl] } }]', 'w.yaml'))
      .toThrow(/CARD/);
  });
});
