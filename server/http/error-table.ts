// docs/errors.md's table of both non-merchant catalogues (the control plane's and the pages'), generated so
// that it cannot drift from them: `npm run docs:errors` rewrites it between its markers, and a test fails
// when the page differs.
import { PAGE_ERRORS } from '../hosted/page-error.ts';
import { CONTROL_ERRORS } from './control-errors.ts';

const BEGIN = '<!-- generated:errors (npm run docs:errors) -->';
const END = '<!-- /generated:errors -->';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

export function errorTable(): string {
  const control = Object.entries(CONTROL_ERRORS).map(([code, e]) => row(['control plane', `\`${code}\``, String(e.status), e.meaning, `\`${e.message}\``]));
  const pages = Object.entries(PAGE_ERRORS).map(([code, e]) => row(['pages', `\`${code}\``, String(e.status), e.meaning, '(written per page)']));
  return [row(['surface', 'code', 'HTTP', 'meaning', 'message']), row(['---', '---', '---', '---', '---']), ...control, ...pages].join('\n');
}

/** The page with its table rewritten between the markers; a page without them is refused, not silently left. */
export function withErrorTable(page: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/errors.md lacks the markers ${BEGIN} ... ${END}`);
  return `${page.slice(0, start + BEGIN.length)}\n${errorTable()}\n${page.slice(end)}`;
}
