// Seedable randomness for the scenario engine. Every random choice of a pay (a weighted outcome, a rule's
// probability, the 3DS cryptogram) comes from a generator seeded by the sandbox seed and the request's own
// key, so the same request gets the same answer for the same seed, whatever order requests arrive in.

/** FNV-1a over a string: a cheap, well-spread 32-bit hash to seed from. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type Random = () => number;

/** mulberry32: a tiny 32-bit generator with good statistical quality for simulations. Returns [0, 1). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one purpose of one request: seed, request key and purpose all change the stream. */
export function randomFor(seed: number, ...key: string[]): Random {
  return mulberry32(hash32(`${seed}\u0000${key.join('\u0000')}`));
}

export function randomBytes(random: Random, count: number): Buffer {
  const bytes = Buffer.alloc(count);
  for (let i = 0; i < count; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** A version-4-shaped UUID from the generator (3DS dsTransactionId). */
export function randomUuid(random: Random): string {
  const hex = randomBytes(random, 16);
  hex[6] = (hex[6]! & 0x0f) | 0x40;
  hex[8] = (hex[8]! & 0x3f) | 0x80;
  const h = hex.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
