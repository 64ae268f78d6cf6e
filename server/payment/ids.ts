// Identifiers shaped like Antom's: a date followed by digits (e.g. 20211112194010800100188570271832381).
import { randomBytes, randomFillSync } from 'node:crypto';

// Random bytes drawn in blocks: ids are made on every pay, and one call per digit would cost more than
// the rest of the id.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]!;
}

export function randomDigits(count: number): string {
  let out = '';
  while (out.length < count) {
    const byte = randomByte();
    // 250..255 would favour the digits 0..5; drawing again keeps every digit equally likely.
    if (byte < 250) out += String(byte % 10);
  }
  return out;
}

/** 35 digits: yyyyMMdd, a fixed "1940108001" site part as Antom's ids carry, then 17 random digits. */
export function newTransactionId(now: number, exists: (id: string) => boolean = () => false): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  for (;;) {
    const id = `${day}1940108001${randomDigits(17)}`;
    if (!exists(id)) return id;
  }
}

/** An opaque, unguessable token (card tokens, page tokens). */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}
