// What the card page shows around its form: the order summary, the billing address prefilled, and a
// decline the buyer may retry after. A decline is told once: as a result right after the card (with "Try
// another card"), or above the form when the page is reloaded before that; from then on, and after "Try
// another card", the page is the fresh form, as a real card page is on a reload.
import { $, describeCard, describeWait, showFormError, showResult } from './common.js';

const COUNTRIES = [
  ['AU', 'Australia'], ['AT', 'Austria'], ['BE', 'Belgium'], ['BR', 'Brazil'], ['CA', 'Canada'], ['CN', 'China'],
  ['DK', 'Denmark'], ['FI', 'Finland'], ['FR', 'France'], ['DE', 'Germany'], ['HK', 'Hong Kong'], ['IN', 'India'],
  ['ID', 'Indonesia'], ['IE', 'Ireland'], ['IT', 'Italy'], ['JP', 'Japan'], ['KR', 'South Korea'], ['MY', 'Malaysia'],
  ['MX', 'Mexico'], ['NL', 'Netherlands'], ['NZ', 'New Zealand'], ['NO', 'Norway'], ['PH', 'Philippines'],
  ['PL', 'Poland'], ['PT', 'Portugal'], ['SA', 'Saudi Arabia'], ['SG', 'Singapore'], ['ES', 'Spain'], ['SE', 'Sweden'],
  ['CH', 'Switzerland'], ['TW', 'Taiwan'], ['TH', 'Thailand'], ['TR', 'Türkiye'], ['AE', 'United Arab Emirates'],
  ['GB', 'United Kingdom'], ['US', 'United States'], ['VN', 'Vietnam'],
];

export function renderSummary(session) {
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

export function prepareBilling(session) {
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
  const billing = $('billing');
  billing.disabled = false;
  billing.hidden = false;
}

// The decline last told on this tab's page, by payment page and the decline's count: it survives a reload
// of the tab, not a new visit. A browser that keeps no storage tells each decline again, no worse.
const TOLD_KEY = `declineTold:${location.pathname}`;

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The decline the page still has to tell the buyer about, if any. */
export const untoldDecline = (session) => (session.declined && storage()?.getItem(TOLD_KEY) !== String(session.declined.count) ? session.declined : undefined);

export const markDeclineTold = (declined) => storage()?.setItem(TOLD_KEY, String(declined.count));

/** A card declined while the payment stays open: the result, with "Try another card" back to the form. */
export function showDeclined(session, options) {
  const { declined } = session;
  showResult({ ...session, outcome: 'failed', result: declined, card: declined.card }, { notice: options.notice });
  $('result-text').textContent = `${declined.message} Your card was not charged. You can pay with another card.`;
  $('retry-button').hidden = false;
  if ($('return-link').hidden === false) $('return-link').className = 'button secondary';
}

/** The same decline above the card form, for a buyer who reloaded the page instead. */
export function showDeclineOnForm(declined) {
  const card = describeCard(declined.card);
  showFormError(`Your card${card ? ` ${card}` : ''} was declined: ${declined.message} It was not charged. Pay with another card.`);
}
