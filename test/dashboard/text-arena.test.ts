// The request journal keeps its texts as bytes in chunks (server/journal/text-arena.ts). Whatever the
// sizes and characters, every call the journal still holds reads back exactly as it was written: across
// chunks, as chunks are released and reused, and after a reset.
import { describe, expect, it } from 'vitest';
import { RequestJournal, type KeptCall } from '../../server/journal/request-journal.ts';
import { CHUNK, TextArena } from '../../server/journal/text-arena.ts';

/** A small seeded generator (mulberry32), so a failure repeats. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', '{"k":"v"}', 'é', '€', '😀', '\u0000', '"', '\\', '0123456789'];

function text(next: () => number, max: number): string {
  const length = Math.floor(next() ** 3 * max);
  let out = '';
  while (out.length < length) out += PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

function call(next: () => number, n: number): KeptCall {
  return {
    receivedAt: n, method: 'POST', path: '/ams/api/v1/payments/pay', clientId: `C${n % 3}`, operation: 'payments/pay',
    signature: 'valid', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'Success.' }, httpStatus: 200,
    durationMs: 1, paymentId: `P${n}`, scenario: undefined, requestJson: n % 2 === 0,
    requestText: text(next, 64 * 1024), responseText: text(next, 4096), requestHeaders: { 'client-id': `C${n % 3}`, 'x-n': String(n), 'x-t': text(next, 100) },
  };
}

describe('the request journal\'s texts', () => {
  for (const capacity of [1, 3, 50, 400]) {
    it(`read back exactly for every call a journal of ${capacity} still holds, over 3,000 calls of 0 to 64 KB`, () => {
      const next = random(capacity);
      const journal = new RequestJournal(capacity);
      const written = new Map<number, KeptCall>();
      for (let n = 0; n < 3000; n++) {
        const kept = call(next, n);
        const record = journal.add(kept);
        written.set(record.seq, kept);
        written.delete(record.seq - capacity);
        // Every 97th call, and after the last, every call still held is compared with what was written.
        if (n % 97 !== 0 && n !== 2999) continue;
        for (const [seq, expected] of written) {
          const texts = journal.textsOf(journal.get(seq)!);
          expect(texts).toEqual({ requestText: expected.requestText, requestJson: expected.requestJson, responseText: expected.responseText, requestHeaders: expected.requestHeaders });
        }
      }
      expect(journal.size).toBe(capacity);
    });
  }

  it('never read another call\'s texts at a position from before a reset', () => {
    const arena = new TextArena();
    const before = arena.write(['old'], Infinity);
    arena.clear();
    const after = arena.write(['new'], Infinity);
    expect(after.at).not.toBe(before.at);
    expect(() => arena.read(before.at, before.lengths)).toThrow(/nothing is kept at position/);
    expect(arena.read(after.at, after.lengths)).toEqual(['new']);
  });

  it('start again after a reset, and go on without losing a later call', () => {
    const next = random(7);
    const journal = new RequestJournal(20);
    for (let n = 0; n < 100; n++) journal.add(call(next, n));
    journal.clear();
    const kept = Array.from({ length: 30 }, (_, n) => call(next, 100 + n));
    const records = kept.map((c) => journal.add(c));
    for (const [i, record] of records.entries()) {
      if (i < 10) expect(journal.get(record.seq)).toBeUndefined();
      else expect(journal.textsOf(record).requestText).toBe(kept[i]!.requestText);
    }
  });

  it('go to a new chunk when a call does not fit, reuse a chunk once nothing in it is needed, and hold a call larger than a chunk', () => {
    const arena = new TextArena();
    const first = arena.write(['x'.repeat(CHUNK - 10)], Infinity);
    // Does not fit in the 10 bytes left: the next chunk, a new one since the first is still needed.
    const second = arena.write(['y'.repeat(20)], first.at);
    expect(second.at).toBe(CHUNK);
    expect(arena.bytesHeld).toBe(2 * CHUNK);
    // Nothing in the first chunk is needed any more: it is reused, not a third allocated.
    const third = arena.write(['z'.repeat(CHUNK - 5)], second.at);
    expect(third.at).toBe(2 * CHUNK);
    expect(arena.bytesHeld).toBe(2 * CHUNK);
    expect(arena.read(second.at, second.lengths)).toEqual(['y'.repeat(20)]);
    expect(arena.read(third.at, third.lengths)).toEqual(['z'.repeat(CHUNK - 5)]);
    // A call larger than a chunk gets one of its own size; empty texts after a full chunk go to the next.
    const large = arena.write(['€'.repeat(CHUNK / 2), 'w'], third.at);
    const empty = arena.write(['', ''], third.at);
    expect(arena.read(large.at, large.lengths)).toEqual(['€'.repeat(CHUNK / 2), 'w']);
    expect(arena.read(empty.at, empty.lengths)).toEqual(['', '']);
    expect(arena.read(third.at, third.lengths)).toEqual(['z'.repeat(CHUNK - 5)]);
  });
});
