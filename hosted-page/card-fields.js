// The card form's fields: the same checks as the server's (server/hosted/read-card-form.ts), shown as the
// buyer leaves a field; the number grouped and the expiry shaped as they type; the body the form posts.
import { $, brandOf, BRAND_NAMES, setFieldError, showBadge } from './common.js';

const form = $('card-form');
const number = $('card-number');
const expiry = $('expiry');
const cvv = $('cvv');
const holder = $('cardholder-name');
const billing = $('billing');

const digitsOf = (value) => value.replace(/\D/g, '');

function passesLuhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

const maxDigits = (brand) => (brand === 'AMEX' ? 15 : brand === 'DINERS' ? 14 : 19);
const cvvLength = (brand) => (brand === 'AMEX' ? 4 : 3);

function checkNumber() {
  const digits = digitsOf(number.value);
  if (!digits) return 'Enter the card number.';
  if (digits.length < 12 || digits.length > 19) return 'A card number has 12 to 19 digits.';
  if (!passesLuhn(digits)) return 'This card number is not valid. Check it and try again.';
  return undefined;
}

function checkExpiry() {
  const value = expiry.value.trim();
  if (!value) return 'Enter the expiry date.';
  const match = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(value);
  if (!match) return 'Enter the expiry date as MM / YY.';
  const month = Number(match[1]);
  if (month < 1 || month > 12) return 'The expiry month must be from 01 to 12.';
  // Whether the card has expired is judged by the sandbox clock, on the server.
  return undefined;
}

function checkCvv() {
  const length = cvvLength(brandOf(digitsOf(number.value)));
  if (!cvv.value.trim()) return 'Enter the security code.';
  if (!new RegExp(`^\\d{${length}}$`).test(cvv.value.trim())) return `The security code has ${length} digits.`;
  return undefined;
}

const checkHolder = () => (holder.value.trim() ? undefined : 'Enter the name on the card.');

const FIELDS = [
  { input: number, error: 'card-number-error', name: 'cardNumber', check: checkNumber },
  { input: expiry, error: 'expiry-error', name: 'expiry', check: checkExpiry },
  { input: cvv, error: 'cvv-error', name: 'cvv', check: checkCvv },
  { input: holder, error: 'cardholder-name-error', name: 'cardholderName', check: checkHolder },
  { input: $('billing-country'), error: 'billing-country-error', name: 'billingAddress.region', billing: true, check: () => ($('billing-country').value ? undefined : 'Choose the country.') },
  { input: $('billing-address1'), error: 'billing-address1-error', name: 'billingAddress.address1', billing: true, check: () => ($('billing-address1').value.trim() ? undefined : 'Enter the street address.') },
  { input: $('billing-city'), error: 'billing-city-error', name: 'billingAddress.city', billing: true, check: () => ($('billing-city').value.trim() ? undefined : 'Enter the town or city.') },
  { input: $('billing-zip'), error: 'billing-zip-error', name: 'billingAddress.zipCode', billing: true, check: () => ($('billing-zip').value.trim() ? undefined : 'Enter the postal code.') },
];
const activeFields = () => FIELDS.filter((f) => !f.billing || !billing.disabled);

/** Groups digits 4-4-4-4 (American Express 4-6-5), keeping the caret after the same digit. */
function formatNumber() {
  const caretDigits = digitsOf(number.value.slice(0, number.selectionStart ?? number.value.length)).length;
  const brand = brandOf(digitsOf(number.value));
  const digits = digitsOf(number.value).slice(0, maxDigits(brand));
  const groups = brand === 'AMEX' ? [4, 6, 5] : [4, 4, 4, 4, 3];
  let formatted = '';
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    formatted += (at ? ' ' : '') + digits.slice(at, at + size);
    at += size;
  }
  number.value = formatted;
  let caret = 0;
  for (let seen = 0; caret < formatted.length && seen < caretDigits; caret++) if (/\d/.test(formatted[caret])) seen++;
  if (document.activeElement === number) number.setSelectionRange(caret, caret);
  showBadge($('brand-badge'), brand);
  $('brand-status').textContent = brand ? `${BRAND_NAMES[brand] ?? brand} card` : '';
  cvv.maxLength = cvvLength(brand);
}

/** "1229" or "12/2029" -> "12 / 29"; a first digit above 1 is a month on its own ("4" -> "04 / "). */
function formatExpiry(event) {
  const deleting = event?.inputType?.startsWith('delete');
  let digits = digitsOf(expiry.value);
  if (digits.length === 1 && Number(digits) > 1 && !deleting) digits = `0${digits}`;
  if (digits.length > 4) digits = digits.length >= 6 ? digits.slice(0, 2) + digits.slice(4, 6) : digits.slice(0, 4);
  expiry.value = digits.length > 2 || (digits.length === 2 && !deleting) ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

/** Checks and formats as the buyer types; `payButton` is the form's Pay. */
export function watchFields(payButton) {
  // Pressing Pay takes the focus from the field the buyer was in. Were that field's error shown then, the
  // page would grow under the pointer between press and release, and the release would miss the button:
  // the click never happens. While Pay is pressed, leaving a field shows nothing; the submit that follows
  // checks every field and shows every error at once.
  let pressingPay = false;
  payButton.addEventListener('pointerdown', () => { pressingPay = true; });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) payButton.addEventListener(type, () => { pressingPay = false; });

  for (const field of FIELDS) {
    // Checked when the buyer leaves a field, and again as they fix one already marked wrong.
    field.input.addEventListener('blur', () => {
      if (pressingPay) return;
      if (field.input.value.trim() || field.input.hasAttribute('aria-invalid')) setFieldError(field.input, field.error, field.check());
    });
    field.input.addEventListener('input', () => {
      if (field.input.hasAttribute('aria-invalid')) setFieldError(field.input, field.error, field.check());
    });
  }
  number.addEventListener('input', formatNumber);
  expiry.addEventListener('input', formatExpiry);
  cvv.addEventListener('input', () => { cvv.value = digitsOf(cvv.value).slice(0, cvv.maxLength); });
}

/** Puts each shown field's message beside it (or clears it); the first field with one, if any. */
function markFields(messageOf) {
  let first;
  for (const field of activeFields()) {
    const message = messageOf(field);
    setFieldError(field.input, field.error, message);
    if (message && !first) first = field.input;
  }
  return first;
}

/** The page's own checks on every field at once. */
export const checkFields = () => markFields((field) => field.check());

/** The server's messages by field name (INVALID_FIELDS); the other fields are cleared. */
export const showServerErrors = (fields) => markFields((field) => fields?.[field.name]);

/** An empty form with no message, for another card. */
export function clearFields() {
  form.reset();
  for (const field of FIELDS) setFieldError(field.input, field.error);
  formatNumber();
}

export const focusCardNumber = () => number.focus();

/** What the form posts (the server checks it again). */
export function bodyOf() {
  const body = {
    cardNumber: number.value,
    expiry: expiry.value,
    cvv: cvv.value,
    cardholderName: holder.value,
    saveCard: $('save-card').checked,
  };
  if (!billing.disabled) {
    body.billingAddress = {
      region: $('billing-country').value,
      address1: $('billing-address1').value,
      address2: $('billing-address2').value,
      city: $('billing-city').value,
      state: $('billing-state').value,
      zipCode: $('billing-zip').value,
    };
  }
  return body;
}
