// Identifiers shaped like Antom's: a date followed by digits (e.g. 20211112194010800100188570271832381).
import { randomBytes, randomInt } from 'node:crypto';

export function randomDigits(count: number): string {
  let out = '';
  while (out.length < count) out += String(randomInt(0, 1e12)).padStart(12, '0');
  return out.slice(0, count);
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
