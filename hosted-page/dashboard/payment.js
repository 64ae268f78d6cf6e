// /_sandbox/ui/payments/:paymentId: everything that happened to one payment, in time order (the calls
// that named it, its transactions, each notification attempt), and the actions its state allows.
import { html, useState } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, BASE, CopyButton, Feedback, formatAmount, formatTime, Link, messageOf, pretty, StatusBadge, useAction, useEvents, useLoad, useThrottled } from './api.js';

async function loadPayment(paymentId) {
  const payment = await api('GET', `/payments/${encodeURIComponent(paymentId)}`);
  if (!payment.ok) throw new Error(messageOf(payment));
  const [list, requests] = await Promise.all([
    api('GET', `/notifications?paymentId=${encodeURIComponent(paymentId)}&limit=100`),
    api('GET', `/requests?paymentId=${encodeURIComponent(paymentId)}&limit=100`),
  ]);
  const notifications = await Promise.all((list.body?.notifications ?? []).map(async (n) => (await api('GET', `/notifications/${n.id}`)).body ?? n));
  return { payment: payment.body, notifications, requests: requests.body?.requests ?? [] };
}

function timelineOf({ payment, notifications, requests }) {
  const items = [];
  for (const r of requests) {
    items.push({ at: r.time, key: r.id, text: html`<${Link} href=${`${BASE}/requests/${r.id}`}>${r.operation ?? r.path}</${Link}> answered <${StatusBadge} status=${r.resultCode} /> (signature ${r.signature}, ${r.durationMs} ms)` });
  }
  for (const t of payment.transactions ?? []) {
    items.push({ at: t.transactionTime ?? payment.paymentCreateTime, key: t.transactionId + t.transactionType, text: html`${t.transactionType} ${formatAmount(t.transactionAmount)} <${StatusBadge} status=${t.transactionStatus} /> ${t.transactionResult.resultCode}` });
  }
  if (payment.paymentTime) items.push({ at: payment.paymentTime, key: 'paid', text: html`Paid: <${StatusBadge} status=${payment.paymentResultCode} />` });
  for (const n of notifications) {
    for (const a of n.attempts ?? []) {
      items.push({
        at: a.at, key: `${n.id}-${a.number}`,
        text: html`<${Link} href=${`${BASE}/notifications/${n.id}`}>${n.notifyType}</${Link}> attempt ${a.number} (${a.kind}):
          ${a.responseStatus ? `HTTP ${a.responseStatus}` : 'no answer'}${a.latencyMs !== undefined ? ` in ${a.latencyMs} ms` : ''},
          <${StatusBadge} status=${a.delivered ? 'delivered' : 'not delivered'} />${a.error ? ` ${a.error}` : ''}
          ${a.responseBody ? html`<details><summary>Merchant's answer</summary><pre>${a.responseBody}</pre></details>` : ''}`,
      });
    }
  }
  for (const item of walletSteps(payment)) items.push(item);
  if (payment.paymentStatus === 'PROCESSING' && payment.expiryTime) items.push({ at: payment.expiryTime, key: 'expiry', text: 'Closes unpaid if still in process (expiry)' });
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

const STEP_TEXT = {
  pay: (name) => `The buyer paid in ${name}`,
  decline: (name) => `The buyer declined in ${name}`,
  abandon: (name) => `The buyer left ${name} without paying: the payment waits for its expiry`,
};

/** A wallet payment's steps: sent to the wallet, then each act of the buyer (the page, the control plane or a scenario's simulated buyer). */
function walletSteps(payment) {
  const wallet = payment.wallet;
  if (!wallet) return [];
  const where = [wallet.terminalType, wallet.osType].filter(Boolean).join(', ');
  return [
    { at: payment.paymentCreateTime, key: 'wallet-sent', text: `Sent to ${wallet.name} (${where}): waiting for the buyer` },
    ...wallet.steps.map((step, i) => ({
      at: step.at, key: `wallet-${i}`, text: `${STEP_TEXT[step.action](wallet.name)}${step.by === 'scenario' ? ' (the scenario\'s simulated buyer)' : ''}`,
    })),
  ];
}

function curlOf(entry, origin) {
  const headers = Object.entries(entry.requestHeaders).filter(([name]) => ['content-type', 'client-id', 'request-time'].includes(name));
  const body = JSON.stringify(entry.requestBody).replaceAll("'", "'\\''");
  return [`curl -X POST '${origin}${entry.path}'`, ...headers.map(([n, v]) => `  -H '${n}: ${v}'`),
    "  -H 'signature: algorithm=RSA256,keyVersion=1,signature=<sign the body again>'", `  --data-raw '${body}'`].join(' \\\n');
}

function CopyCurl({ requests }) {
  const pay = [...requests].reverse().find((r) => r.operation === 'payments/pay');
  const entry = useLoad(async () => (pay ? (await api('GET', `/requests/${pay.id}`)).body : undefined), [pay?.id]);
  if (!pay || !entry.data?.requestHeaders) return html`<p class="sub">The original request is no longer in the journal.</p>`;
  return html`<div class="curl"><${CopyButton} text=${curlOf(entry.data, location.origin)} label="Copy as cURL" />
    <p class="sub">The journal keeps the card number masked and no signature: put them back before sending.</p></div>`;
}

function SettleForm({ label, path, codes, onDone }) {
  const [outcome, setOutcome] = useState('S');
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = async (event) => {
    event.preventDefault();
    const body = path.endsWith('/settle') && !path.includes('/captures/') && !path.includes('/refunds/') ? { outcome } : { status: outcome };
    if (outcome === 'F' && code) body.resultCode = code;
    if ((await action.run('POST', path, body, `${label}: settled as ${outcome}.`)).ok) onDone();
  };
  return html`<form class="inline-form" onSubmit=${submit} aria-label=${label}>
    <div class="field"><label for=${`outcome-${path}`}>Outcome</label><select id=${`outcome-${path}`} value=${outcome} onChange=${(e) => setOutcome(e.currentTarget.value)}><option value="S">S (success)</option><option value="F">F (failure)</option></select></div>
    ${outcome === 'F' ? html`<label>Result code <input value=${code} onInput=${(e) => setCode(e.currentTarget.value)} placeholder=${codes} /></label>` : ''}
    <button type="submit" disabled=${action.busy}>${label === 'Payment' ? 'Settle' : `Settle ${label.toLowerCase()}`}</button>
    <${Feedback} message=${action.message} />
  </form>`;
}

/**
 * For a wallet payment in process, what POST /_sandbox/payments/:id/wallet can do: while the buyer is in the
 * wallet, pay, decline or leave (once); until it is final, close it as its expiry would.
 */
function WalletActions({ payment, base, onDone }) {
  const action = useAction();
  const wallet = payment.wallet;
  if (!wallet) return '';
  const inProcess = payment.paymentStatus === 'PROCESSING';
  const waiting = inProcess && payment.pendingStep === 'wallet';
  const act = async (name, done) => (await action.run('POST', `${base}/wallet`, { action: name }, done)).ok && onDone();
  return html`<div class="button-row" role="group" aria-label=${`The buyer in ${wallet.name}`}>
    ${inProcess ? html`<span class="sub">The buyer in ${wallet.name}:</span>` : ''}
    ${waiting ? html`
      <button type="button" disabled=${action.busy} onClick=${() => act('pay', `Paid in ${wallet.name}.`)}>Pay in wallet</button>
      <button type="button" disabled=${action.busy} onClick=${() => act('decline', `Declined in ${wallet.name}.`)}>Decline in wallet</button>
      ${wallet.abandonedAt ? '' : html`<button type="button" disabled=${action.busy} onClick=${() => act('abandon', `The buyer left ${wallet.name}.`)}>Abandon wallet</button>`}` : ''}
    ${inProcess ? html`<button type="button" disabled=${action.busy} onClick=${() => act('expire', 'Expired: closed unpaid.')}>Expire now</button>` : ''}
    <${Feedback} message=${action.message} />
  </div>`;
}

export function PaymentView({ paymentId }) {
  const loaded = useLoad(() => loadPayment(paymentId), [paymentId]);
  const action = useAction();
  const refresh = useThrottled(() => loaded.reload(), 200);
  useEvents((type, data) => {
    if (type === 'reset' || type === 'connected' || data.paymentId === paymentId) refresh();
  });
  if (loaded.error) return html`<h1 tabindex="-1">Payment ${paymentId}</h1><p role="alert" class="feedback feedback-error">${loaded.error}</p>`;
  if (!loaded.data) return html`<h1 tabindex="-1">Payment ${paymentId}</h1><p>Loading…</p>`;
  const { payment, notifications, requests } = loaded.data;
  const base = `/payments/${encodeURIComponent(paymentId)}`;
  const challenge = payment.paymentStatus === 'PROCESSING' && payment.pendingStep === '3ds-challenge';
  const reload = () => loaded.reload();
  return html`
    <h1 tabindex="-1">Payment <span class="mono">${paymentId}</span></h1>
    <dl class="facts">
      <div><dt>Status</dt><dd><${StatusBadge} status=${payment.paymentStatus} /> ${payment.paymentResultCode}${payment.pendingStep ? ` (${payment.pendingStep})` : ''}</dd></div>
      <div><dt>Amount</dt><dd>${formatAmount(payment.paymentAmount)}</dd></div>
      <div><dt>Merchant</dt><dd>${payment.clientId}</dd></div>
      <div><dt>Request id</dt><dd class="mono">${payment.paymentRequestId}</dd></div>
      ${payment.wallet
        ? html`<div><dt>Wallet</dt><dd>${payment.wallet.name} (${payment.wallet.paymentMethodType}, ${payment.wallet.terminalType})</dd></div>`
        : html`<div><dt>Card</dt><dd class="mono">${payment.paymentResultInfo?.cardNo ?? '—'}</dd></div>`}
      <div><dt>Scenario</dt><dd>${payment.scenario ? `${payment.scenario.name}: ${payment.scenario.reason}` : '—'}</dd></div>
    </dl>
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      ${payment.paymentStatus === 'PROCESSING' && !challenge ? html`<${SettleForm} label="Payment" path=${`${base}/settle`} codes="DO_NOT_HONOR" onDone=${reload} />` : ''}
      ${challenge ? html`<div class="button-row">
        <button type="button" onClick=${async () => (await action.run('POST', `${base}/challenge`, { action: 'pass' }, '3DS passed.')).ok && reload()}>Pass 3DS</button>
        <button type="button" onClick=${async () => (await action.run('POST', `${base}/challenge`, { action: 'fail' }, '3DS failed.')).ok && reload()}>Fail 3DS</button>
        <${Feedback} message=${action.message} /></div>` : ''}
      ${(payment.captures ?? []).filter((c) => c.status === 'PROCESSING').map((c) => html`<${SettleForm} key=${c.captureId} label="Capture" path=${`${base}/captures/${c.captureId}/settle`} codes="PROCESS_FAIL" onDone=${reload} />`)}
      ${(payment.refunds ?? []).filter((r) => r.status === 'PROCESSING').map((r) => html`<${SettleForm} key=${r.refundId} label="Refund" path=${`${base}/refunds/${r.refundId}/settle`} codes="PROCESS_FAIL" onDone=${reload} />`)}
      <${WalletActions} payment=${payment} base=${base} onDone=${reload} />
      <${CopyCurl} requests=${requests} />
    </section>
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      ${notifications.length === 0 ? html`<p class="sub">None: the payment has no paymentNotifyUrl, or it has not reached a final state.</p>` : ''}
      <ul class="plain">${notifications.map((n) => html`<li key=${n.id}><${Link} href=${`${BASE}/notifications/${n.id}`}>${n.notifyType}</${Link}> <${StatusBadge} status=${n.status} /> ${n.attempts?.length ?? 0} attempt(s)
        <button type="button" onClick=${async () => (await action.run('POST', `/notifications/${n.id}/resend`, undefined, 'Sent again.')).ok && reload()}>Resend</button></li>`)}</ul>
      ${challenge ? '' : html`<${Feedback} message=${action.message} />`}
    </section>
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="timeline">${timelineOf(loaded.data).map((item) => html`<li key=${item.key}><time>${formatTime(item.at)}</time><div>${item.text}</div></li>`)}</ol>
    </section>`;
}
