// README.md shows the lifecycle table the tests run, exactly: the documentation cannot drift from it.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { markdownTable } from './state-table.ts';

it('README.md shows the lifecycle table the tests run', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(markdownTable());
});
