// The request journal's texts (bodies and headers), kept as UTF-8 in one ring of bytes outside the
// JavaScript heap. Kept as strings, every call's 1.5 KB of text was copied by the garbage collector twice
// (young generation, then old) and walked again at every full collection: the largest part of what the
// journal cost the merchant API. Here a call's texts are one write into a Buffer, and the heap keeps only
// the call's small record with the position of its texts.
//
// Positions are absolute byte counts that only grow; a text lives at `position % capacity`. The journal
// says how far back texts are still needed (its oldest call's position); a write that would overrun
// that grows the ring (doubling, so a text never comes to straddle its end) rather than lose a text still
// in use. A write that does not fit before the ring's end starts at its beginning instead.
import { Buffer } from 'node:buffer';

const INITIAL_CAPACITY = 1 << 20;

export class TextArena {
  private bytes = Buffer.allocUnsafe(INITIAL_CAPACITY);
  /** Where the next write goes (absolute). */
  private end = 0;

  /** Bytes held, including what is no longer needed but not yet written over. */
  get capacity(): number { return this.bytes.length; }

  /**
   * Writes the texts one after another and returns where the first starts (absolute) and each one's
   * length in bytes. `keepFrom` is the absolute position of the oldest text still needed.
   */
  write(texts: readonly string[], keepFrom: number): { at: number; lengths: number[] } {
    const lengths = texts.map((text) => Buffer.byteLength(text));
    const size = lengths.reduce((sum, n) => sum + n, 0);
    let at = this.startFor(size);
    if (at + size - Math.min(keepFrom, this.end) > this.bytes.length) {
      this.grow(at + size - Math.min(keepFrom, this.end), Math.min(keepFrom, this.end));
      at = this.startFor(size);
    }
    let offset = at % this.bytes.length;
    texts.forEach((text, i) => { offset += this.bytes.write(text, offset, lengths[i]!, 'utf8'); });
    this.end = at + size;
    return { at, lengths };
  }

  /** The texts written at `at` with these lengths; only valid while they are at or after the journal's `keepFrom`. */
  read(at: number, lengths: readonly number[]): string[] {
    let offset = at % this.bytes.length;
    return lengths.map((length) => {
      const text = this.bytes.toString('utf8', offset, offset + length);
      offset += length;
      return text;
    });
  }

  /** Forgets everything, and gives back what it had grown to. */
  clear(): void {
    this.bytes = Buffer.allocUnsafe(INITIAL_CAPACITY);
    this.end = 0;
  }

  /** Where a write of `size` bytes starts: at the end, or at the ring's next beginning if it would not fit before the ring's end. */
  private startFor(size: number): number {
    const capacity = this.bytes.length;
    const offset = this.end % capacity;
    return offset + size <= capacity ? this.end : this.end + (capacity - offset);
  }

  /** Doubles the ring until `span` bytes fit, moving the texts from `from` to the end to their places in it. */
  private grow(span: number, from: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < span) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    // Copied in pieces that cross neither ring's end: a position p is at p % capacity in each.
    for (let p = from; p < this.end;) {
      const oldOffset = p % this.bytes.length;
      const newOffset = p % capacity;
      const piece = Math.min(this.end - p, this.bytes.length - oldOffset, capacity - newOffset);
      this.bytes.copy(next, newOffset, oldOffset, oldOffset + piece);
      p += piece;
    }
    this.bytes = next;
  }
}
