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

/** A copy of a parsed JSON body with card numbers masked and security codes removed. */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (typeof value === 'string') return looksLikeCard(value) ? maskString(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (SECRET_KEYS.has(lower)) continue;
    if (typeof item === 'string') {
      // Identifiers (paymentRequestId, referenceOrderId...) are the merchant's own and may be all digits.
      out[key] = CARD_NUMBER_KEYS.has(lower) ? maskString(item) : lower.endsWith('id') ? item : redactBody(item);
    } else out[key] = redactBody(item);
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
