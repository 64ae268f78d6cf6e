// The 3-D Secure challenge page, styled as the card issuer's: a one-time code (the documented sandbox
// code passes, any other fails), or fail or cancel on purpose, or abandon and let the payment expire.
import {
  $, base, call, describeCard, describeWait, loadSession, setBusy, setFieldError, showBadge, showFormError,
  showLoadError, showResult, showStep,
} from './common.js';

const form = $('challenge-form');
const otp = $('otp');
const buttons = ['verify-button', 'fail-button', 'cancel-button', 'abandon-button'].map($);
let session;
let sending = false;

async function complete(body, button) {
  if (sending) return; // one answer per challenge, however often a button is pressed
  sending = true;
  showFormError();
  for (const b of buttons) b.disabled = true;
  setBusy(button, true);
  const answer = await call(`${base}/complete`, body);
  if (answer.ok) {
    await render({ redirect: true });
    return;
  }
  sending = false;
  setBusy(button, false);
  for (const b of buttons) b.disabled = false;
  const error = answer.body.error ?? { message: 'The sandbox answered unexpectedly. Try again.' };
  if (['PAYMENT_FINISHED', 'PAYMENT_EXPIRED', 'WRONG_STEP'].includes(error.code)) {
    await render({ notice: error.message });
    return;
  }
  if (error.fields?.code) {
    setFieldError(otp, 'otp-error', error.fields.code);
    otp.focus();
  } else {
    showFormError(error.message);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = otp.value.trim();
  if (!/^\d{4,8}$/.test(code)) {
    setFieldError(otp, 'otp-error', code ? 'Enter the code: 4 to 8 digits.' : 'Enter the code from the message.');
    otp.focus();
    return;
  }
  setFieldError(otp, 'otp-error');
  void complete({ action: 'submit', code }, $('verify-button'));
});
otp.addEventListener('input', () => {
  otp.value = otp.value.replace(/\D/g, '').slice(0, 8);
  if (otp.hasAttribute('aria-invalid')) setFieldError(otp, 'otp-error');
});
$('fail-button').addEventListener('click', () => complete({ action: 'fail' }, $('fail-button')));
$('cancel-button').addEventListener('click', () => complete({ action: 'cancel' }, $('cancel-button')));

// Abandon answers nothing: the payment stays in process and closes at its expiry on the sandbox clock.
$('abandon-button').addEventListener('click', () => {
  if (session?.returnUrl) {
    location.assign(session.returnUrl);
    return;
  }
  showFormError(`You left the verification unanswered. The ${session?.kind === 'vaulting' ? 'verification' : 'payment'} expires in ${describeWait(session?.expiresInSeconds)} unless it is completed.`);
});

async function render(options = {}) {
  const answer = await loadSession();
  if (!answer.ok) {
    showLoadError(answer.body.error?.message ?? 'This verification page could not be loaded.');
    return;
  }
  session = answer.body;
  if (session.step === 'card') {
    location.replace(base.replace(/^\/3ds\//, '/checkout/'));
    return;
  }
  if (session.step !== 'challenge') {
    showResult(session, options);
    return;
  }
  $('merchant-name').textContent = session.merchant.name;
  $('amount').textContent = session.amount?.display ?? '';
  $('amount-row').hidden = !session.amount;
  $('card').textContent = describeCard(session.card);
  $('card-row').hidden = !session.card;
  showBadge($('brand-badge'), session.card?.brand);
  $('pass-code').textContent = session.challenge?.passCode ?? '';
  if (session.kind === 'vaulting') $('challenge-text').textContent = 'To save your card, confirm it is yours with the one-time code we sent to your phone.';
  if (session.expiresInSeconds !== undefined) {
    $('expiry-note').textContent = `This verification closes in ${describeWait(session.expiresInSeconds)}.`;
    $('expiry-note').hidden = false;
  }
  showStep('challenge-step');
  otp.focus();
}

render();
