// What the request journal keeps of a body: the card number masked as answers show it (first six, last
// four) and the security code removed, so nothing held in memory or shown on the dashboard is a usable
// card. A card number in a field of another name (a test sending it in the wrong place) is masked too.
import { maskCardNo, passesLuhn } from '../card/card.ts';

const CARD_NUMBER_KEYS = new Set(['cardno', 'cardnumber', 'pan']);
const SECRET_KEYS = new Set(['cvv', 'cvv2', 'cvc', 'cvc2', 'securitycode', 'cardsecuritycode']);
const DIGITS = /^[0-9][0-9 -]{11,22}[0-9]$/;

function maskString(text: string): string {
  const digits = text.replace(/[ -]/g, '');
  return digits.length >= 12 && digits.length <= 19 ? maskCardNo(digits) : '****';
}

const looksLikeCard = (text: string) => {
  if (!DIGITS.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
};

/** A whole number written in digits, as a card number sent as a JSON number would be. */
const digitsOf = (value: number): string | undefined => (Number.isInteger(value) && value >= 0 ? value.toFixed(0) : undefined);

/**
 * A copy of a parsed JSON body with card numbers masked and security codes removed. A card number sent as
 * a JSON number is masked too (as a string): the journal is a view, and a number keeps the digits as well.
 */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (typeof value === 'string') return looksLikeCard(value) ? maskString(value) : value;
  if (typeof value === 'number') {
    const digits = digitsOf(value);
    return digits !== undefined && looksLikeCard(digits) ? maskString(digits) : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (SECRET_KEYS.has(lower)) continue;
    if (typeof item === 'string') {
      // Identifiers (paymentRequestId, referenceOrderId...) are the merchant's own and may be all digits.
      out[key] = CARD_NUMBER_KEYS.has(lower) ? maskString(item) : lower.endsWith('id') ? item : redactBody(item);
    } else if (typeof item === 'number' && CARD_NUMBER_KEYS.has(lower)) out[key] = maskString(digitsOf(item) ?? '');
    else out[key] = redactBody(item);
  }
  return out;
}

/**
 * A body that is not JSON (or could not be parsed) is kept as text, with every run of 12 to 19 digits
 * masked and any "cvv": "..." pair blanked: the bytes may still hold a card.
 */
export function redactText(text: string): string {
  return text
    .replace(/("(?:cvv2?|cvc2?|securityCode|cardSecurityCode)"\s*:\s*)("[^"]*"|[0-9]+)/gi, '$1"<removed>"')
    .replace(/[0-9][0-9 -]{10,22}[0-9]/g, (run) => (run.replace(/[ -]/g, '').length >= 12 ? maskString(run) : run));
}

/** A key naming a card number or a security code, with its value when that is a string (no escapes: see below). */
const SECRET_PAIR = new RegExp(`"(${[...CARD_NUMBER_KEYS, ...SECRET_KEYS].join('|')})"\\s*:\\s*("[^"]*")?`, 'gi');
/** A string that may be a card number wherever it stands. */
const DIGIT_STRING = /"([0-9][0-9 -]{11,22}[0-9])"/g;
const SPACE = /\s/;
/** A JSON number as long as a card number (or a run of digits after ":", "[" or "," inside a string: then the slow path too). */
const BARE_DIGITS = /[:[,]\s*\d{12,}/;
const COMMA_AT = /\s*,\s*/y;

/**
 * The same redaction as redactBody, done on the JSON text itself: what the request journal does for every
 * card call, without parsing the body again, copying it and writing it out. It looks only at the keys
 * that name a card number or a security code, and keeps the rest of the text as it came. Where it could
 * differ from redactBody it gives up and returns undefined, and the caller takes the slow path: any
 * escape (a key or value spelt with \u), a security code or card number that is not a plain string, or a
 * string that looks like a card anywhere else (redactBody masks it unless its key ends in "id"), or a number
 * as long as a card number.
 * Unescaped, a quote cannot stand inside a string, so a match of `"cvv":` is a key.
 * `text` must be the JSON text that `JSON.parse` read.
 */
export function redactJsonText(text: string): string | undefined {
  if (text.includes('\\')) return undefined;
  let out = '';
  let copiedTo = 0;
  const masked = new Set<number>();
  SECRET_PAIR.lastIndex = 0;
  for (let match = SECRET_PAIR.exec(text); match; match = SECRET_PAIR.exec(text)) {
    const value = match[2];
    if (value === undefined) return undefined;
    const end = match.index + match[0].length;
    if (CARD_NUMBER_KEYS.has(match[1]!.toLowerCase())) {
      out += text.slice(copiedTo, end - value.length) + `"${maskString(value.slice(1, -1))}"`;
      masked.add(end - value.length);
    } else {
      // The pair goes with the comma after it, or, when it is the last of its object, the one before it
      // (found in the text not yet copied; if an earlier removal took it, the slow path does this body).
      COMMA_AT.lastIndex = end;
      const after = COMMA_AT.exec(text);
      if (after) {
        out += text.slice(copiedTo, match.index);
        copiedTo = end + after[0].length;
        continue;
      }
      let before = match.index - 1;
      while (before >= copiedTo && SPACE.test(text[before]!)) before--;
      if (before < copiedTo) return undefined;
      out += text.slice(copiedTo, text[before] === ',' ? before : match.index);
      copiedTo = end;
      continue;
    }
    copiedTo = end;
  }
  if (BARE_DIGITS.test(text)) return undefined;
  DIGIT_STRING.lastIndex = 0;
  for (let match = DIGIT_STRING.exec(text); match; match = DIGIT_STRING.exec(text)) {
    if (!masked.has(match.index) && looksLikeCard(match[1]!)) return undefined;
  }
  return out + text.slice(copiedTo);
}
