// What the card page and the challenge page share: talking to the sandbox (only its own routes), card
// brands, the order summary and the result view with its return to the shop. No framework, no network
// beyond the sandbox, so the pages work offline and under a strict Content-Security-Policy.

export const $ = (id) => document.getElementById(id);

/** The page token: the last part of /checkout/<token> or /3ds/<token>. */
export const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
export const base = location.pathname.startsWith('/3ds/') ? `/3ds/${encodeURIComponent(token)}` : `/checkout/${encodeURIComponent(token)}`;

/** A JSON call to this page's routes. Resolves { ok, status, body }; never throws on an HTTP error. */
export async function call(path, body) {
  const init = body === undefined
    ? { headers: { accept: 'application/json' } }
    : { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) };
  try {
    const res = await fetch(path, { ...init, credentials: 'same-origin', cache: 'no-store' });
    const data = await res.json().catch(() => ({}));
    return { ok: res.ok, status: res.status, body: data };
  } catch {
    return { ok: false, status: 0, body: { error: { code: 'NETWORK', message: 'The sandbox cannot be reached. Check that it is running, then try again.' } } };
  }
}

export const loadSession = () => call(`${base}/session`);

/** Brand ranges as the networks publish them (the same table as the server's core/card.ts). */
const BRAND_RANGES = [
  ['AMEX', 34, 34, 2], ['AMEX', 37, 37, 2], ['JCB', 3528, 3589, 4],
  ['DINERS', 300, 305, 3], ['DINERS', 36, 36, 2], ['DINERS', 38, 39, 2],
  ['DISCOVER', 6011, 6011, 4], ['DISCOVER', 644, 649, 3], ['DISCOVER', 65, 65, 2],
  ['UNIONPAY', 62, 62, 2], ['MASTERCARD', 51, 55, 2], ['MASTERCARD', 2221, 2720, 4],
  ['MAESTRO', 50, 50, 2], ['MAESTRO', 56, 58, 2], ['MAESTRO', 6, 6, 1], ['VISA', 4, 4, 1],
];

export function brandOf(digits) {
  for (const [brand, from, to, length] of BRAND_RANGES) {
    if (digits.length < length) continue;
    const prefix = Number(digits.slice(0, length));
    if (prefix >= from && prefix <= to) return brand;
  }
  return undefined;
}

export const BRAND_NAMES = {
  VISA: 'Visa', MASTERCARD: 'Mastercard', AMEX: 'American Express', JCB: 'JCB', UNIONPAY: 'UnionPay',
  DISCOVER: 'Discover', DINERS: 'Diners Club', MAESTRO: 'Maestro',
};
const BADGE_TEXT = { VISA: 'Visa', MASTERCARD: 'MC', AMEX: 'Amex', JCB: 'JCB', UNIONPAY: 'UP', DISCOVER: 'Disc', DINERS: 'Diners', MAESTRO: 'Maestro' };

/** Shows a brand in a badge element, or hides it for no brand. */
export function showBadge(element, brand) {
  element.className = 'brand-badge';
  if (!brand || !BADGE_TEXT[brand]) {
    element.hidden = true;
    element.textContent = '';
    return;
  }
  element.hidden = false;
  element.classList.add(`badge-${brand.toLowerCase()}`);
  element.textContent = BADGE_TEXT[brand];
}

export function describeCard(card) {
  if (!card?.lastFour) return '';
  return `${BRAND_NAMES[card.brand] ?? card.brand ?? 'Card'} •••• ${card.lastFour}`;
}

export function describeWait(seconds) {
  if (seconds === undefined) return '';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.floor(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function fact(list, term, value) {
  if (!value) return;
  const row = document.createElement('div');
  const dt = document.createElement('dt');
  const dd = document.createElement('dd');
  dt.textContent = term;
  dd.textContent = value;
  row.append(dt, dd);
  list.append(row);
}

const RESULT_TEXT = {
  payment: {
    succeeded: ['Payment successful', (s) => `You paid ${s.amount?.display ?? ''} to ${s.merchant.name}.`],
    failed: ['Payment declined', (s) => `${s.result?.message ?? 'The payment did not go through.'} Your card was not charged.`],
    cancelled: ['Payment cancelled', () => 'You cancelled this payment. Your card was not charged.'],
    expired: ['This payment has expired', () => 'It was not completed in time, so it takes no card details now. Return to the shop to start again.'],
  },
  vaulting: {
    succeeded: ['Card saved', (s) => `${s.merchant.name} can now use this card for your future payments.`],
    failed: ['Card not saved', (s) => `${s.result?.message ?? 'The card could not be verified.'}`],
    cancelled: ['Verification cancelled', () => 'The card was not saved.'],
    expired: ['This verification has expired', () => 'It was not completed in time. Return to the shop to start again.'],
  },
};

let redirectTimer;

/**
 * The result view. With `redirect`, the buyer is sent back to the shop (paymentRedirectUrl) after a short
 * pause, as a real checkout does once the payment is over; a revisit of a finished page does not redirect.
 */
export function showResult(session, { redirect = false, notice } = {}) {
  const outcome = session.outcome ?? 'failed';
  const [title, text] = RESULT_TEXT[session.kind]?.[outcome] ?? RESULT_TEXT.payment.failed;
  $('result-icon').className = `result-icon ${outcome}`;
  $('result-title').textContent = title;
  $('result-text').textContent = notice ? `${notice} ${text(session)}` : text(session);
  const facts = $('result-facts');
  facts.replaceChildren();
  fact(facts, 'Merchant', session.merchant.name);
  fact(facts, 'Amount', session.amount?.display);
  fact(facts, 'Card', describeCard(session.card));
  if (session.card?.saved) fact(facts, 'Saved card', 'Yes');
  fact(facts, 'Order', session.order?.reference);
  fact(facts, 'Result code', session.result?.code);
  facts.hidden = facts.children.length === 0;

  const link = $('return-link');
  const note = $('redirect-note');
  clearInterval(redirectTimer);
  if (session.returnUrl) {
    link.href = session.returnUrl;
    link.hidden = false;
    link.textContent = 'Return to the shop';
  } else {
    link.hidden = true;
  }
  note.hidden = true;
  if (redirect && session.returnUrl) {
    let seconds = 3;
    note.hidden = false;
    const tick = () => {
      note.textContent = `Taking you back to the shop in ${seconds} s…`;
      if (seconds-- <= 0) {
        clearInterval(redirectTimer);
        location.assign(session.returnUrl);
      }
    };
    tick();
    redirectTimer = setInterval(tick, 1000);
  }
  showStep('result-step');
  $('result-step').focus();
}

/** Shows one step's section and hides the others. */
export function showStep(id) {
  for (const section of document.querySelectorAll('main > section.panel')) section.hidden = section.id !== id;
  $('main').removeAttribute('aria-busy');
}

/** Puts a message beside a field (or clears it), wired for screen readers through aria-describedby. */
export function setFieldError(input, errorId, message) {
  const error = $(errorId);
  error.textContent = message ?? '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

export function showFormError(message) {
  const box = $('form-error');
  box.textContent = message ?? '';
  box.hidden = !message;
  if (message) box.focus();
}

export function setBusy(button, busy) {
  button.disabled = busy;
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

export function showLoadError(message) {
  const section = $('loading-step');
  section.replaceChildren();
  const p = document.createElement('p');
  p.className = 'form-error';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  section.append(p);
  showStep('loading-step');
}
