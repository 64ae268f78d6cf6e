// The request journal's texts (bodies and headers), kept as UTF-8 in chunks of bytes outside the
// JavaScript heap. Kept as strings, every call's 1.5 KB of text was copied by the garbage collector twice
// (young generation, then old) and walked again at every full collection: the largest part of what the
// journal cost the merchant API. Here a call's texts are one write into a Buffer, and the heap keeps only
// the call's small record with the position of its texts.
//
// The chunks form a queue: writes go to the newest one, and a chunk whose texts are all older than what
// the journal still needs is reused for the next. Memory that is already in use is cheap to write again;
// memory written for the first time costs a page fault per 4 KB (about 20 µs each on a virtual machine),
// so the chunks are never copied or replaced by larger ones, and a full journal writes over its own pages.
//
// A position is `chunk number × CHUNK + offset`, and only grows. Every call's texts fit in one chunk: a
// call larger than CHUNK (bodies over 64 KB are not kept, so only headers could make one) gets a chunk of
// its own size.
import { Buffer } from 'node:buffer';

export const CHUNK = 1 << 20;

export class TextArena {
  /** The chunks in use by number, from `first` to `current` (none until the first write: a journal of size 0 never writes). */
  private chunks = new Map<number, Buffer>();
  private first = 0;
  private current = -1;
  /** Where the next write goes in the current chunk. */
  private offset = 0;
  /** A chunk no longer needed, kept for the next one. */
  private spare: Buffer | undefined;

  /** Bytes held, the spare chunk included. */
  get bytesHeld(): number {
    let total = this.spare?.length ?? 0;
    for (const chunk of this.chunks.values()) total += chunk.length;
    return total;
  }

  /**
   * Writes the texts one after another and returns where the first starts and each one's length in bytes.
   * `keepFrom` is the position of the oldest text still needed (Infinity: none).
   */
  write(texts: readonly string[], keepFrom: number): { at: number; lengths: number[] } {
    this.release(keepFrom);
    let chunk = this.chunks.get(this.current);
    // A UTF-16 unit is at most 3 bytes of UTF-8. When that many fit, the texts are written without first
    // measuring them (a pass over every text), and each write says how many bytes it took.
    let atMost = 0;
    for (const text of texts) atMost += text.length * 3;
    if (!chunk || this.offset === chunk.length || this.offset + atMost > chunk.length) {
      const lengths = texts.map((text) => Buffer.byteLength(text));
      const size = lengths.reduce((sum, n) => sum + n, 0);
      // A full chunk takes nothing more, not even empty texts: their position would name the next chunk.
      if (!chunk || this.offset + size > chunk.length || this.offset === chunk.length) {
        chunk = size <= CHUNK ? this.spare ?? Buffer.allocUnsafe(CHUNK) : Buffer.allocUnsafe(size);
        if (chunk === this.spare) this.spare = undefined;
        this.chunks.set(++this.current, chunk);
        this.offset = 0;
      }
    }
    const at = this.current * CHUNK + this.offset;
    const lengths = texts.map((text) => {
      const written = chunk.write(text, this.offset, 'utf8');
      this.offset += written;
      return written;
    });
    return { at, lengths };
  }

  /** The texts written at `at` with these lengths; only valid while they are at or after the journal's `keepFrom`. */
  read(at: number, lengths: readonly number[]): string[] {
    const chunk = this.chunks.get(Math.floor(at / CHUNK));
    // The journal reads only what it still holds; anything else is a bug, said as one.
    if (!chunk) throw new Error(`text arena: nothing is kept at position ${at} any more`);
    let offset = at % CHUNK;
    return lengths.map((length) => {
      const text = chunk.toString('utf8', offset, offset + length);
      offset += length;
      return text;
    });
  }

  /** Forgets everything, and gives back its chunks. Positions go on from where they were, so none names two texts. */
  clear(): void {
    this.chunks = new Map();
    this.first = this.current + 1;
    this.offset = 0;
    this.spare = undefined;
  }

  /** Takes the chunks that hold nothing from `keepFrom` on out of use, keeping one of them as the spare. */
  private release(keepFrom: number): void {
    while (this.first < this.current && (this.first + 1) * CHUNK <= keepFrom) {
      const chunk = this.chunks.get(this.first)!;
      this.chunks.delete(this.first++);
      if (chunk.length === CHUNK) this.spare = chunk;
    }
  }
}
