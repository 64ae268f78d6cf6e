// The hosted card page: shows the merchant's order, takes the card, checks it as the buyer types (the
// server checks it again), and posts it to the sandbox only. Then the 3DS challenge, or the result and
// the way back to the shop.
import {
  $, base, brandOf, BRAND_NAMES, call, describeWait, loadSession, setBusy, setFieldError, showBadge,
  showFormError, showLoadError, showResult, showStep,
} from './common.js';

const COUNTRIES = [
  ['AU', 'Australia'], ['AT', 'Austria'], ['BE', 'Belgium'], ['BR', 'Brazil'], ['CA', 'Canada'], ['CN', 'China'],
  ['DK', 'Denmark'], ['FI', 'Finland'], ['FR', 'France'], ['DE', 'Germany'], ['HK', 'Hong Kong'], ['IN', 'India'],
  ['ID', 'Indonesia'], ['IE', 'Ireland'], ['IT', 'Italy'], ['JP', 'Japan'], ['KR', 'South Korea'], ['MY', 'Malaysia'],
  ['MX', 'Mexico'], ['NL', 'Netherlands'], ['NZ', 'New Zealand'], ['NO', 'Norway'], ['PH', 'Philippines'],
  ['PL', 'Poland'], ['PT', 'Portugal'], ['SA', 'Saudi Arabia'], ['SG', 'Singapore'], ['ES', 'Spain'], ['SE', 'Sweden'],
  ['CH', 'Switzerland'], ['TW', 'Taiwan'], ['TH', 'Thailand'], ['TR', 'Türkiye'], ['AE', 'United Arab Emirates'],
  ['GB', 'United Kingdom'], ['US', 'United States'], ['VN', 'Vietnam'],
];

const form = $('card-form');
const number = $('card-number');
const expiry = $('expiry');
const cvv = $('cvv');
const holder = $('cardholder-name');
const payButton = $('pay-button');
const billing = $('billing');
let session;
let submitting = false;

// --- Checks, the same rules as the server's (server/hosted/read-card-form.ts) -------------------------

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

// --- Formatting as the buyer types ----------------------------------------------------------------

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

// --- Submitting ------------------------------------------------------------------------------------

function bodyOf() {
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

function showServerErrors(fields) {
  let first;
  for (const field of activeFields()) {
    const message = fields?.[field.name];
    setFieldError(field.input, field.error, message);
    if (message && !first) first = field.input;
  }
  return first;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (submitting) return; // a double click or a second Enter sends nothing more
  showFormError();
  let first;
  for (const field of activeFields()) {
    const message = field.check();
    setFieldError(field.input, field.error, message);
    if (message && !first) first = field.input;
  }
  if (first) {
    first.focus();
    return;
  }
  submitting = true;
  setBusy(payButton, true);
  $('pay-label').textContent = 'Processing…';
  $('cancel-button').disabled = true;
  const answer = await call(`${base}/submit`, bodyOf());
  if (answer.ok && answer.body.next === 'challenge') {
    location.assign(answer.body.location);
    return;
  }
  if (answer.ok) {
    await render({ redirect: true });
    return;
  }
  submitting = false;
  setBusy(payButton, false);
  $('cancel-button').disabled = false;
  $('pay-label').textContent = `Pay ${session.amount.display}`;
  const error = answer.body.error ?? { message: 'The sandbox answered unexpectedly. Try again.' };
  if (['PAYMENT_FINISHED', 'PAYMENT_EXPIRED', 'WRONG_STEP'].includes(error.code)) {
    await render({ notice: error.message });
    return;
  }
  const firstBad = showServerErrors(error.fields);
  if (firstBad) firstBad.focus();
  if (!firstBad || error.code !== 'INVALID_FIELDS') showFormError(error.message);
});

$('cancel-button').addEventListener('click', async () => {
  if (submitting) return;
  submitting = true;
  $('cancel-button').disabled = true;
  payButton.disabled = true;
  const answer = await call(`${base}/cancel`, {});
  // Cancel returns the buyer to the shop at once; without a paymentRedirectUrl it shows the outcome.
  if (answer.ok && session.returnUrl) {
    location.assign(session.returnUrl);
    return;
  }
  await render({ notice: answer.ok ? undefined : answer.body.error?.message });
});

// --- Rendering the session --------------------------------------------------------------------------

function renderSummary() {
  const name = session.merchant.name;
  $('merchant-name').textContent = name;
  $('merchant-initial').textContent = (/[A-Za-z]/.exec(name.replace(/^SANDBOX_/, ''))?.[0] ?? '•').toUpperCase();
  $('amount').textContent = session.amount?.display ?? '';
  $('description').textContent = session.order?.description ?? '';
  $('description').hidden = !session.order?.description;
  const goods = $('goods');
  goods.replaceChildren();
  for (const item of session.order?.goods ?? []) {
    const li = document.createElement('li');
    const left = document.createElement('span');
    const title = document.createElement('span');
    title.className = 'name';
    title.textContent = item.name;
    const qty = document.createElement('span');
    qty.className = 'qty';
    qty.textContent = item.amount ? `${item.quantity} × ${item.amount.display}` : `Qty ${item.quantity}`;
    left.append(title, qty);
    const price = document.createElement('span');
    price.className = 'price';
    price.textContent = item.total?.display ?? '';
    li.append(left, price);
    goods.append(li);
  }
  goods.hidden = goods.children.length === 0;
  $('order-ref').textContent = session.order?.reference ?? '';
  $('order-ref-row').hidden = !session.order?.reference;
  $('expires-in').textContent = describeWait(session.expiresInSeconds);
  $('expiry-row').hidden = session.expiresInSeconds === undefined;
}

function prepareBilling() {
  if (!session.billingAddress) return;
  const select = $('billing-country');
  const prefill = session.billingAddress.prefill ?? {};
  const known = new Set(COUNTRIES.map(([code]) => code));
  const options = [['', 'Choose…'], ...COUNTRIES];
  if (prefill.region && !known.has(prefill.region)) options.push([prefill.region, prefill.region]);
  select.replaceChildren(...options.map(([code, label]) => new Option(label, code)));
  select.value = prefill.region ?? '';
  $('billing-address1').value = prefill.address1 ?? '';
  $('billing-address2').value = prefill.address2 ?? '';
  $('billing-city').value = prefill.city ?? '';
  $('billing-state').value = prefill.state ?? '';
  $('billing-zip').value = prefill.zipCode ?? '';
  billing.disabled = false;
  billing.hidden = false;
}

// A card the issuer declined while the payment stays open (the scenario allows a retry): the decline is
// shown as a result, with "Try another card" back to an empty form. A closed payment offers no retry.
function showDeclined(options) {
  const { declined } = session;
  showResult({ ...session, outcome: 'failed', result: declined, card: declined.card }, { notice: options.notice });
  $('result-text').textContent = `${declined.message} Your card was not charged. You can pay with another card.`;
  const retry = $('retry-button');
  retry.hidden = false;
  if ($('return-link').hidden === false) $('return-link').className = 'button secondary';
}

function tryAnotherCard() {
  // The declined submit left the form busy (an accepted submit normally ends the page).
  submitting = false;
  setBusy(payButton, false);
  $('cancel-button').disabled = false;
  form.reset();
  for (const field of FIELDS) setFieldError(field.input, field.error);
  formatNumber();
  showFormError();
  void render({ fresh: true }).then(() => number.focus());
}
$('retry-button').addEventListener('click', tryAnotherCard);

let pollTimer;

async function render(options = {}) {
  const answer = await loadSession();
  if (!answer.ok) {
    showLoadError(answer.body.error?.message ?? 'This payment page could not be loaded.');
    return;
  }
  session = answer.body;
  document.title = `${session.amount?.display ?? ''} · ${session.merchant.name} · Checkout`;
  renderSummary();
  clearTimeout(pollTimer);
  $('retry-button').hidden = true;
  $('return-link').className = 'button primary';
  switch (session.step) {
    case 'card':
      if (session.declined && !options.fresh) {
        showDeclined(options);
        break;
      }
      $('pay-label').textContent = `Pay ${session.amount.display}`;
      prepareBilling();
      showStep('card-step');
      if (options.notice) showFormError(options.notice);
      break;
    case 'challenge':
      location.replace(base.replace(/^\/checkout\//, '/3ds/'));
      break;
    case 'processing':
      showStep('processing-step');
      // The issuer answers on the sandbox clock; look again until it has.
      pollTimer = setTimeout(() => render(options), 2000);
      break;
    default:
      showResult(session, options);
  }
}

render();
