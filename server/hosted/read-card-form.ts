// The card form as the hosted page posts it, checked again on the server (the page checks the same rules
// first, for inline messages as the buyer types). Pure: a body in, the card or every field's problem out.
// Messages are for the buyer; a tampered or malformed body is refused as a whole (BAD_REQUEST).
import { brandOf, isExpired, normaliseExpiry, passesLuhn } from '../card/card.ts';
import { PageError, type FieldErrors } from './page-error.ts';

export interface BillingAddress { address1: string; address2?: string; city: string; state?: string; zipCode: string; region: string }

export interface CardForm {
  cardNo: string;
  expiryMonth: string;
  /** Two digits, as Antom's expiryYear. */
  expiryYear: string;
  cvv: string;
  cardholderName: string;
  saveCard: boolean;
  billingAddress?: BillingAddress;
}

const TOP_FIELDS = new Set(['cardNumber', 'expiry', 'cvv', 'cardholderName', 'saveCard', 'billingAddress']);
const ADDRESS_LIMITS: Record<keyof BillingAddress, number> = { address1: 256, address2: 256, city: 128, state: 128, zipCode: 32, region: 2 };

function text(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new PageError('BAD_REQUEST', `${name} must be a string`);
  if (value.length > max) throw new PageError('BAD_REQUEST', `${name} is longer than ${max} characters`);
  return value.trim();
}

function readAddress(value: unknown, errors: FieldErrors): BillingAddress | undefined {
  if (value === undefined || value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new PageError('BAD_REQUEST', 'billingAddress must be an object');
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(ADDRESS_LIMITS, key)) throw new PageError('BAD_REQUEST', `billingAddress.${key} is not a field of this form`);
  }
  const read = (key: keyof BillingAddress) => text(input, key, ADDRESS_LIMITS[key]);
  const address: BillingAddress = { address1: read('address1'), city: read('city'), zipCode: read('zipCode'), region: read('region').toUpperCase() };
  const address2 = read('address2');
  const state = read('state');
  if (address2) address.address2 = address2;
  if (state) address.state = state;
  if (!address.address1) errors['billingAddress.address1'] = 'Enter the street address.';
  if (!address.city) errors['billingAddress.city'] = 'Enter the town or city.';
  if (!address.zipCode) errors['billingAddress.zipCode'] = 'Enter the postal code.';
  if (!/^[A-Z]{2}$/.test(address.region)) errors['billingAddress.region'] = 'Choose the country.';
  return address;
}

/** "12/29", "12 / 2029", "1/29": month and two-digit year, or undefined when it is not a date at all. */
export function parseExpiry(value: string): { month: string; year: string } | undefined {
  const match = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(value.replace(/\s+/g, ' ').trim());
  return match ? { month: match[1]!, year: match[2]! } : undefined;
}

export function readCardForm(body: unknown, options: { askBillingAddress: boolean; now: number }): CardForm {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PageError('BAD_REQUEST', 'the body must be a JSON object');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!TOP_FIELDS.has(key)) throw new PageError('BAD_REQUEST', `${key} is not a field of this form`);
  }
  if (input.saveCard !== undefined && typeof input.saveCard !== 'boolean') throw new PageError('BAD_REQUEST', 'saveCard must be true or false');
  if (!options.askBillingAddress && input.billingAddress !== undefined) throw new PageError('BAD_REQUEST', 'this payment does not ask for a billing address');

  const errors: FieldErrors = {};
  // Browsers and password managers fill the number with spaces or dashes; the page groups it with spaces.
  const cardNo = text(input, 'cardNumber', 40).replace(/[\s-]/g, '');
  if (!cardNo) errors.cardNumber = 'Enter the card number.';
  else if (!/^\d{12,19}$/.test(cardNo)) errors.cardNumber = 'A card number has 12 to 19 digits.';
  else if (!passesLuhn(cardNo)) errors.cardNumber = 'This card number is not valid. Check it and try again.';

  const expiryText = text(input, 'expiry', 16);
  const parsed = parseExpiry(expiryText);
  const expiry = parsed && normaliseExpiry(parsed.month, parsed.year);
  if (!expiryText) errors.expiry = 'Enter the expiry date.';
  else if (!parsed) errors.expiry = 'Enter the expiry date as MM / YY.';
  else if (!expiry) errors.expiry = 'The expiry month must be from 01 to 12.';
  else if (isExpired(expiry, options.now)) errors.expiry = 'This card has expired.';

  // American Express prints a 4-digit code on the front; the other networks a 3-digit one on the back.
  const cvvLength = brandOf(cardNo) === 'AMEX' ? 4 : 3;
  const cvv = text(input, 'cvv', 8);
  if (!cvv) errors.cvv = 'Enter the security code.';
  else if (!new RegExp(`^\\d{${cvvLength}}$`).test(cvv)) errors.cvv = `The security code has ${cvvLength} digits.`;

  const cardholderName = text(input, 'cardholderName', 128).replace(/\s+/g, ' ');
  if (!cardholderName) errors.cardholderName = 'Enter the name on the card.';

  const billingAddress = options.askBillingAddress ? readAddress(input.billingAddress, errors) : undefined;
  if (Object.keys(errors).length > 0) throw new PageError('INVALID_FIELDS', 'Some card details need your attention.', errors);
  return {
    cardNo, expiryMonth: expiry!.month, expiryYear: expiry!.year, cvv, cardholderName,
    saveCard: input.saveCard === true, billingAddress,
  };
}
