// The card form as the hosted page posts it, checked again on the server (the page checks the same rules
// first, for inline messages as the buyer types). Pure: a body in, the card or every field's problem out.
// Messages are for the buyer; a tampered or malformed body is refused as a whole (BAD_REQUEST).
import { brandOf, isExpired, normaliseExpiry, passesLuhn } from '../card/card.ts';
import { pageError, type FieldErrors, type PageError } from './page-error.ts';

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

const TOP_LIMITS = { cardNumber: 40, expiry: 16, cvv: 8, cardholderName: 128 } as const;
/** The address fields in the order their problems are reported. */
const ADDRESS_ORDER: (keyof BillingAddress)[] = ['address1', 'city', 'zipCode', 'region', 'address2', 'state'];

/** A field that is neither absent nor a string within its length: the body was not made by the page. */
function textProblem(body: Record<string, unknown>, name: string, max: number, shown = name): PageError | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return pageError('BAD_REQUEST', `${shown} must be a string`);
  if (value.length > max) return pageError('BAD_REQUEST', `${shown} is longer than ${max} characters`);
  return undefined;
}

function addressProblem(value: unknown): PageError | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return pageError('BAD_REQUEST', 'billingAddress must be an object');
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(ADDRESS_LIMITS, key)) return pageError('BAD_REQUEST', `billingAddress.${key} is not a field of this form`);
  }
  for (const key of ADDRESS_ORDER) {
    const problem = textProblem(input, key, ADDRESS_LIMITS[key]);
    if (problem) return problem;
  }
  return undefined;
}

/** The body's shape, checked as a whole before any field is read: a tampered body is refused outright. */
function shapeProblem(body: unknown, askBillingAddress: boolean): PageError | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return pageError('BAD_REQUEST', 'the body must be a JSON object');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!TOP_FIELDS.has(key)) return pageError('BAD_REQUEST', `${key} is not a field of this form`);
  }
  if (input.saveCard !== undefined && typeof input.saveCard !== 'boolean') return pageError('BAD_REQUEST', 'saveCard must be true or false');
  if (!askBillingAddress && input.billingAddress !== undefined) return pageError('BAD_REQUEST', 'this payment does not ask for a billing address');
  for (const [name, max] of Object.entries(TOP_LIMITS)) {
    const problem = textProblem(input, name, max);
    if (problem) return problem;
  }
  return askBillingAddress ? addressProblem(input.billingAddress) : undefined;
}

/** A field's text, trimmed; empty when absent (the shape was checked first). */
function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

function readAddress(value: unknown, errors: FieldErrors): BillingAddress {
  const input = (value ?? {}) as Record<string, unknown>;
  const read = (key: keyof BillingAddress) => text(input, key);
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

/** The card form, or why it cannot be used: a malformed body (BAD_REQUEST) or every bad field at once (INVALID_FIELDS). */
export function readCardForm(body: unknown, options: { askBillingAddress: boolean; now: number }): CardForm | PageError {
  const malformed = shapeProblem(body, options.askBillingAddress);
  if (malformed) return malformed;
  const input = body as Record<string, unknown>;

  const errors: FieldErrors = {};
  // Browsers and password managers fill the number with spaces or dashes; the page groups it with spaces.
  const cardNo = text(input, 'cardNumber').replace(/[\s-]/g, '');
  if (!cardNo) errors.cardNumber = 'Enter the card number.';
  else if (!/^\d{12,19}$/.test(cardNo)) errors.cardNumber = 'A card number has 12 to 19 digits.';
  else if (!passesLuhn(cardNo)) errors.cardNumber = 'This card number is not valid. Check it and try again.';

  const expiryText = text(input, 'expiry');
  const parsed = parseExpiry(expiryText);
  const expiry = parsed && normaliseExpiry(parsed.month, parsed.year);
  if (!expiryText) errors.expiry = 'Enter the expiry date.';
  else if (!parsed) errors.expiry = 'Enter the expiry date as MM / YY.';
  else if (!expiry) errors.expiry = 'The expiry month must be from 01 to 12.';
  else if (isExpired(expiry, options.now)) errors.expiry = 'This card has expired.';

  // American Express prints a 4-digit code on the front; the other networks a 3-digit one on the back.
  const cvvLength = brandOf(cardNo) === 'AMEX' ? 4 : 3;
  const cvv = text(input, 'cvv');
  if (!cvv) errors.cvv = 'Enter the security code.';
  else if (!new RegExp(`^\\d{${cvvLength}}$`).test(cvv)) errors.cvv = `The security code has ${cvvLength} digits.`;

  const cardholderName = text(input, 'cardholderName').replace(/\s+/g, ' ');
  if (!cardholderName) errors.cardholderName = 'Enter the name on the card.';

  const billingAddress = options.askBillingAddress ? readAddress(input.billingAddress, errors) : undefined;
  if (Object.keys(errors).length > 0) return pageError('INVALID_FIELDS', 'Some card details need your attention.', errors);
  return {
    cardNo, expiryMonth: expiry!.month, expiryYear: expiry!.year, cvv, cardholderName,
    saveCard: input.saveCard === true, billingAddress,
  };
}
