// A journal line and a segment are checksummed over the UTF-8 bytes written; reading them back checks the
// same bytes, so text beyond ASCII (a merchant's order description in any script) reads back intact and
// is never reported as damage.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalBatch, readJournal, type JournalEntry } from '../../server/store/journal-file.ts';
import { parseSegment, SegmentFile } from '../../server/store/segment-file.ts';

/** The bytes of these entries as journal lines. */
function linesOf(entries: JournalEntry[]): Buffer {
  const batch = new JournalBatch();
  for (const entry of entries) batch.add(entry);
  return Buffer.from(batch.view());
}

const TEXTS = ['plain', 'Café crème – 5 €', '支付宝 订单', 'emoji 😀 and \u2028 separators', 'tab\tand "quotes" and \\'];

describe('checksummed lines and segments', () => {
  it('a journal of lines with text in any script reads back entry for entry, with no damage', () => {
    const entries = TEXTS.map((text, i) => ({ t: 'payments', id: `p${i}`, r: { text } }));
    const bytes = linesOf(entries);
    const reading = readJournal('journal.ndjson', bytes.toString('utf8'), new Set(['payments']));
    expect(reading.damage).toEqual([]);
    expect(reading.entries).toEqual(entries);
  });

  it('a batch larger than its first buffer keeps every line whole', () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({ t: 'payments', id: `p${i}`, r: { text: TEXTS[i % TEXTS.length]!.repeat(50) } }));
    const reading = readJournal('journal.ndjson', linesOf(entries).toString('utf8'), new Set(['payments']));
    expect(reading.damage).toEqual([]);
    expect(reading.entries).toEqual(entries);
  });

  it('a changed byte in such a line is found', () => {
    const line = linesOf([{ t: 'payments', id: 'p', r: { text: TEXTS[1] } }]);
    line[line.indexOf('cr')]! ^= 0x01;
    expect(readJournal('journal.ndjson', line.toString('utf8'), new Set(['payments'])).damage).toEqual([
      expect.objectContaining({ line: 1, problem: 'damaged (checksum mismatch)' }),
    ]);
  });

  it('a segment with text in any script is written and parsed back intact', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-segment-')), 'payments-000000.json');
    const data = { format: 'alipay-sandbox/payments@1', records: Object.fromEntries(TEXTS.map((text, i) => [`p${i}`, { text }])) };
    await new SegmentFile<typeof data>(path).write(data);
    expect(parseSegment(await readFile(path, 'utf8'))).toEqual({ data });
  });
});
