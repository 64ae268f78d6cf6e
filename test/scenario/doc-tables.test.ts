// The test-card, trigger and scenario tables of docs/scenarios.md are generated from the catalogue (npm run docs:tables); this
// fails as soon as the two drift apart, naming the first line that differs.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withDocTables } from '../../server/scenario/doc-tables.ts';
import { loadCatalogue } from '../../server/scenario/scenario-engine.ts';

describe('docs/scenarios.md', () => {
  it('has the test-card, trigger and scenario tables of the built-in catalogue, as npm run docs:tables writes them', async () => {
    const page = await readFile(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');
    const expected = withDocTables(page, await loadCatalogue());
    const [got, want] = [page.split('\n'), expected.split('\n')];
    const first = want.findIndex((line, i) => got[i] !== line);
    expect(first < 0 && got.length === want.length ? 'in step' : `line ${first + 1} differs: run npm run docs:tables\n  page:      ${got[first]}\n  catalogue: ${want[first]}`).toBe('in step');
  });

  it('lists every built-in test card and trigger', async () => {
    const page = await readFile(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');
    const catalogue = await loadCatalogue();
    for (const card of catalogue.testCards) expect(page).toContain(`| \`${card.cardNo}\` |`);
    for (const rule of catalogue.rules.filter((r) => r.kind === 'amount')) expect(page).toContain(`| \`${String(rule.when.amount!.value)}\` |`);
    expect(page).toContain('| expiry month 13 | (the core\'s card check) | F INVALID_EXPIRATION_DATE');
    expect(page).toContain('| a CVV of two digits | `invalid-cvv-format` | F INVALID_CVV, no payment |');
  });

  it('says how to regenerate them, and the markers cannot be lost silently', () => {
    expect(() => withDocTables('no markers here', { } as never)).toThrow(/lacks the markers <!-- generated:test-cards/);
  });
});
