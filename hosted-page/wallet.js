// The sandbox wallet page: shows the order and, on a desktop, a QR code; Pay and Decline go to the
// sandbox, which sends the buyer back to the shop (paymentRedirectUrl) and the result to the merchant as
// notifyPayment. Closing the page is abandoning it: nothing is sent until the payment expires.
import { $, call, describeWait, setBusy, showLoadError, showStep } from './common.js';

const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const base = `/wallet/${encodeURIComponent(token)}`;
let pollTimer;

const RESULTS = {
  succeeded: ['Payment successful', (s) => `You paid ${s.amount?.display ?? ''} to ${s.merchant.name} with ${s.wallet.name}.`],
  failed: ['Payment not made', (s) => `${s.result?.message ?? 'The payment did not go through.'} No money was taken.`],
  cancelled: ['Payment cancelled', () => 'The shop cancelled this payment. No money was taken.'],
  expired: ['This payment has expired', () => 'It was not completed in time. Return to the shop to start again.'],
};

function showSummary(session) {
  $('wallet-name').textContent = session.wallet.name;
  $('wallet-initial').textContent = session.wallet.name.slice(0, 1).toUpperCase();
  document.title = `${session.wallet.name} · Alipay sandbox`;
  $('merchant-name').textContent = session.merchant.name;
  $('merchant-initial').textContent = session.merchant.name.slice(0, 1).toUpperCase();
  $('amount').textContent = session.amount?.display ?? '';
  $('description').textContent = session.order?.description ?? '';
  $('order-ref').textContent = session.order?.reference ?? '';
  $('order-ref-row').hidden = !session.order?.reference;
  $('expires-in').textContent = describeWait(session.expiresInSeconds);
  $('expiry-row').hidden = session.expiresInSeconds === undefined;
}

function showResult(session) {
  const outcome = session.outcome ?? 'failed';
  const [title, text] = RESULTS[outcome] ?? RESULTS.failed;
  $('result-icon').className = `result-icon ${outcome}`;
  $('result-title').textContent = title;
  $('result-text').textContent = text(session);
  const link = $('return-link');
  link.hidden = !session.returnUrl;
  if (session.returnUrl) link.href = session.returnUrl;
  showStep('result-step');
  $('result-step').focus();
}

function render(session) {
  showSummary(session);
  clearTimeout(pollTimer);
  if (session.step === 'wallet') {
    $('qr-image').src = session.wallet.qrImageUrl;
    $('pay-label').textContent = `Pay ${session.amount?.display ?? ''}`.trim();
    showStep('wallet-step');
  } else if (session.step === 'result') {
    showResult(session);
  } else {
    showStep('processing-step');
    pollTimer = setTimeout(load, 2000);
  }
}

async function load() {
  const res = await call(`${base}/session`);
  if (!res.ok) return showLoadError(res.body.error?.message ?? 'This payment cannot be shown.');
  render(res.body);
}

function showError(message) {
  const box = $('form-error');
  box.textContent = message;
  box.hidden = false;
  box.focus();
}

async function act(action, button) {
  setBusy($('pay-button'), true);
  setBusy($('decline-button'), true);
  const res = await call(`${base}/${action}`, {});
  setBusy($('pay-button'), false);
  setBusy($('decline-button'), false);
  if (!res.ok) {
    showError(res.body.error?.message ?? 'The wallet did not answer. Try again.');
    return load();
  }
  // As a wallet app does once the buyer confirms or declines: back to the shop's paymentRedirectUrl.
  if (res.body.location) return location.assign(res.body.location);
  button.blur();
  return load();
}

$('pay-button').addEventListener('click', (event) => act('pay', event.currentTarget));
$('decline-button').addEventListener('click', (event) => act('decline', event.currentTarget));
load();
