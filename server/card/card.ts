// Pure facts about a card number: Luhn, brand from the BIN, masking, expiry. No I/O.
import type { PaymentResultInfo } from '../../schemas/common.ts';

export function passesLuhn(cardNo: string): boolean {
  let sum = 0;
  for (let i = 0; i < cardNo.length; i++) {
    let digit = cardNo.charCodeAt(cardNo.length - 1 - i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return cardNo.length >= 12 && sum % 10 === 0;
}

/** Brand ranges as the networks publish them; first match wins, so narrower ranges come first. */
const BRAND_RANGES: ReadonlyArray<[brand: string, from: number, to: number, digits: number]> = [
  ['AMEX', 34, 34, 2], ['AMEX', 37, 37, 2],
  ['JCB', 3528, 3589, 4],
  ['DINERS', 300, 305, 3], ['DINERS', 36, 36, 2], ['DINERS', 38, 39, 2],
  ['DISCOVER', 6011, 6011, 4], ['DISCOVER', 644, 649, 3], ['DISCOVER', 65, 65, 2],
  ['UNIONPAY', 62, 62, 2],
  ['MASTERCARD', 51, 55, 2], ['MASTERCARD', 2221, 2720, 4],
  ['MAESTRO', 50, 50, 2], ['MAESTRO', 56, 58, 2], ['MAESTRO', 6, 6, 1],
  ['VISA', 4, 4, 1],
];

export function brandOf(cardNo: string): string | undefined {
  for (const [brand, from, to, digits] of BRAND_RANGES) {
    const prefix = Number(cardNo.slice(0, digits));
    if (cardNo.length >= digits && prefix >= from && prefix <= to) return brand;
  }
  return undefined;
}

export function maskCardNo(cardNo: string): string {
  return `${cardNo.slice(0, 6)}${'*'.repeat(Math.max(cardNo.length - 10, 2))}${cardNo.slice(-4)}`;
}

/** Normalises "9", "09" to "09" and "29", "2029" to "29"; undefined when not a real month/year. */
export function normaliseExpiry(month: string, year: string): { month: string; year: string } | undefined {
  const m = Number(month);
  if (!Number.isInteger(m) || m < 1 || m > 12) return undefined;
  const y = year.length === 4 ? year.slice(2) : year;
  if (!/^[0-9]{2}$/.test(y)) return undefined;
  return { month: String(m).padStart(2, '0'), year: y };
}

/** A card is valid through the last day of its expiry month (UTC). */
export function isExpired(expiry: { month: string; year: string }, now: number): boolean {
  const endOfMonth = Date.UTC(2000 + Number(expiry.year), Number(expiry.month), 1);
  return now >= endOfMonth;
}

export interface CardProfile { funding: 'CREDIT' | 'DEBIT' | 'PREPAID'; issuingCountry: string }

/** What the sandbox reports for a card: masked number and BIN facts. */
export function describeCard(
  cardNo: string,
  expiry: { month: string; year: string },
  profile: CardProfile,
): PaymentResultInfo {
  return {
    cardNo: maskCardNo(cardNo),
    cardBrand: brandOf(cardNo) ?? 'UNKNOWN',
    cardBin: cardNo.slice(0, 6),
    lastFour: cardNo.slice(-4),
    funding: profile.funding,
    issuingCountry: profile.issuingCountry,
    expiryMonth: expiry.month,
    expiryYear: expiry.year,
  };
}
