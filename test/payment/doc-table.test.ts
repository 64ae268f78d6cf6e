// docs/lifecycle.md shows the lifecycle table the tests run, exactly: the documentation cannot drift from it.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { markdownTable } from './state-table.ts';

it('docs/lifecycle.md shows the lifecycle table the tests run', () => {
  const page = readFileSync(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8');
  expect(page).toContain(markdownTable());
});
