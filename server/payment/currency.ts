// Antom's amount rules on top of the schema: a supported currency, and that currency's minor units.
import { refuse, type Refusal } from '../api/refusal.ts';
import type { Amount } from '../../schemas/common.ts';
import { CURRENCIES_BY_MINOR_UNITS } from '../../schemas/currencies.ts';

export const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries(CURRENCIES_BY_MINOR_UNITS).flatMap(([digits, codes]) => codes.map((code) => [code, Number(digits)] as const)),
);

/** Checks an amount beyond its schema: a supported currency and that currency's own rules. */
export function checkAmount(amount: Amount, field: string): Refusal | undefined {
  if (!MINOR_UNITS.has(amount.currency)) return refuse('CURRENCY_NOT_SUPPORT', `${field}.currency ${amount.currency} is not supported`);
  // Antom: IDR is charged in whole rupiah, so its minor-unit value must end in "00".
  if (amount.currency === 'IDR' && !amount.value.endsWith('00')) return refuse('INVALID_AMOUNT', `${field}.value must end in "00" for IDR`);
  return undefined;
}

/** "30000" EUR -> "300.00"; for display on the hosted page. */
export function formatAmount(amount: Amount): string {
  const digits = MINOR_UNITS.get(amount.currency) ?? 2;
  if (digits === 0) return amount.value;
  const padded = amount.value.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
