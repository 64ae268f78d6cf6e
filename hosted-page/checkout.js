// The hosted card page: shows the merchant's order, takes the card, checks it as the buyer types (the
// server checks it again), and posts it to the sandbox only. Then the 3DS challenge, or the result and
// the way back to the shop. The fields are in card-fields.js, what surrounds the form in checkout-views.js.
import { $, base, call, loadSession, setBusy, showFormError, showLoadError, showResult, showStep } from './common.js';
import { bodyOf, checkFields, clearFields, focusCardNumber, showServerErrors, watchFields } from './card-fields.js';
import { markDeclineTold, prepareBilling, renderSummary, showDeclined, showDeclineOnForm, untoldDecline } from './checkout-views.js';

const form = $('card-form');
const payButton = $('pay-button');
let session;
let submitting = false;

watchFields(payButton);

/** The form usable again after a submit that did not end the page. */
function ready() {
  submitting = false;
  setBusy(payButton, false);
  $('cancel-button').disabled = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (submitting) return; // a double click or a second Enter sends nothing more
  showFormError();
  const first = checkFields();
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
  ready();
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

$('retry-button').addEventListener('click', () => {
  // The declined submit left the form busy (an accepted submit normally ends the page).
  ready();
  if (session.declined) markDeclineTold(session.declined);
  clearFields();
  showFormError();
  void render().then(focusCardNumber);
});

let pollTimer;

async function render(options = {}) {
  const answer = await loadSession();
  if (!answer.ok) {
    showLoadError(answer.body.error?.message ?? 'This payment page could not be loaded.');
    return;
  }
  session = answer.body;
  document.title = `${session.amount?.display ?? ''} · ${session.merchant.name} · Checkout`;
  renderSummary(session);
  clearTimeout(pollTimer);
  $('retry-button').hidden = true;
  $('return-link').className = 'button primary';
  switch (session.step) {
    case 'card': {
      const declined = untoldDecline(session);
      // Just declined: the result first, with "Try another card".
      if (declined && options.redirect) {
        showDeclined(session, options);
        break;
      }
      $('pay-label').textContent = `Pay ${session.amount.display}`;
      prepareBilling(session);
      showStep('card-step');
      if (declined) {
        showDeclineOnForm(declined);
        markDeclineTold(declined);
      } else if (options.notice) {
        showFormError(options.notice);
      }
      break;
    }
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
