// /_sandbox/ui/notifications: every notification (pending, acknowledged, given up) with Resend and Send
// duplicate, the Compose form and the fault switch; /_sandbox/ui/notifications/:id: its body and attempts.
import { html, useState } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, BASE, Feedback, formatTime, Link, messageOf, navigate, pretty, Scroll, StatusBadge, useAction, useEvents, useLoad, useLocation, useThrottled } from './api.js';

const STATUSES = [['pending', 'Pending'], ['delivered', 'Acknowledged'], ['given-up', 'Given up']];

function NotificationActions({ id, onDone }) {
  const action = useAction();
  const send = async (kind, done) => { if ((await action.run('POST', `/notifications/${id}/${kind}`, undefined, done)).ok) onDone?.(); };
  return html`<span class="button-row">
    <button type="button" disabled=${action.busy} onClick=${() => send('resend', 'Sent again.')}>Resend</button>
    <button type="button" disabled=${action.busy} onClick=${() => send('duplicate', 'Duplicate sent.')}>Send duplicate</button>
    <${Feedback} message=${action.message} /></span>`;
}

/** Every notification the sandbox sends: its type, its name in Antom's API, its F code by default, and what it is about. */
const NOTIFY_TYPES = [
  { type: 'PAYMENT_RESULT', api: 'notifyPayment', failCode: 'DO_NOT_HONOR' },
  { type: 'CAPTURE_RESULT', api: 'notifyCapture', failCode: 'PROCESS_FAIL', subject: 'captureId', label: 'Capture id (default: the payment\'s latest capture)' },
  { type: 'REFUND_RESULT', api: 'notifyRefund', failCode: 'PROCESS_FAIL', subject: 'refundId', label: 'Refund id (default: the payment\'s latest refund)' },
];

function ComposeForm() {
  const [form, setForm] = useState({ paymentId: '', notifyType: 'PAYMENT_RESULT', subjectId: '', result: 'F', resultCode: 'DO_NOT_HONOR', url: '' });
  const action = useAction();
  const field = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const kind = NOTIFY_TYPES.find((t) => t.type === form.notifyType) ?? NOTIFY_TYPES[0];
  const chooseType = (e) => {
    const next = NOTIFY_TYPES.find((t) => t.type === e.currentTarget.value) ?? NOTIFY_TYPES[0];
    setForm({ ...form, notifyType: next.type, subjectId: '', resultCode: next.failCode });
  };
  const submit = async (event) => {
    event.preventDefault();
    const body = { paymentId: form.paymentId.trim(), notifyType: form.notifyType, result: form.result };
    if (kind.subject && form.subjectId.trim()) body[kind.subject] = form.subjectId.trim();
    if (form.result === 'F' && form.resultCode) body.resultCode = form.resultCode.trim();
    if (form.url.trim()) body.url = form.url.trim();
    const answer = await action.run('POST', '/notifications/compose', body, 'Composed, signed and queued.');
    if (answer.ok) navigate(`${BASE}/notifications/${answer.body.notification.id}`);
  };
  return html`<form class="stack-form" onSubmit=${submit} aria-labelledby="compose-heading">
    <h2 id="compose-heading">Compose</h2>
    <p class="sub">A notifyPayment, notifyCapture or notifyRefund about a payment with the result you choose (an F after an S, say), signed and sent on the retry schedule. The payment itself does not change.</p>
    <label>Payment id <input required value=${form.paymentId} onInput=${field('paymentId')} /></label>
    <div class="field"><label for="f-notification-type-3">Notification type</label><select id="f-notification-type-3" value=${form.notifyType} onChange=${chooseType}>
      ${NOTIFY_TYPES.map((t) => html`<option value=${t.type}>${t.type} (${t.api})</option>`)}
    </select></div>
    ${kind.subject ? html`<label>${kind.label} <input value=${form.subjectId} onInput=${field('subjectId')} /></label>` : ''}
    <div class="field"><label for="f-result-4">Result</label><select id="f-result-4" value=${form.result} onChange=${field('result')}><option value="S">S (SUCCESS)</option><option value="F">F (failure)</option></select></div>
    ${form.result === 'F' ? html`<label>Result code <input value=${form.resultCode} onInput=${field('resultCode')} /></label>` : ''}
    <label>URL (default: the payment's paymentNotifyUrl) <input type="url" value=${form.url} onInput=${field('url')} /></label>
    <button type="submit" disabled=${action.busy}>Compose and send</button>
    <${Feedback} message=${action.message} />
  </form>`;
}

function FaultForm() {
  const current = useLoad(async () => (await api('GET', '/notifications/faults')).body?.faults ?? null, []);
  const [form, setForm] = useState({ delayMs: '', duplicate: '', dropFirst: '', remaining: '', outOfOrder: false });
  const action = useAction();
  const field = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const submit = async (event) => {
    event.preventDefault();
    const body = {};
    for (const name of ['delayMs', 'duplicate', 'dropFirst', 'remaining']) if (form[name] !== '') body[name] = Number(form[name]);
    if (form.outOfOrder) body.outOfOrder = true;
    if ((await action.run('POST', '/notifications/faults', body, 'Faults set.')).ok) current.reload();
  };
  const clear = async () => { if ((await action.run('DELETE', '/notifications/faults', undefined, 'Faults cleared.')).ok) current.reload(); };
  return html`<form class="stack-form" onSubmit=${submit} aria-labelledby="faults-heading">
    <h2 id="faults-heading">Faults</h2>
    <p class="sub">In force: <span class="mono">${current.data ? JSON.stringify(current.data) : 'none'}</span></p>
    <label>Delay first attempt (sandbox ms) <input inputmode="numeric" value=${form.delayMs} onInput=${field('delayMs')} /></label>
    <label>Extra duplicates after the acknowledged one <input inputmode="numeric" value=${form.duplicate} onInput=${field('duplicate')} /></label>
    <label>Drop the first N attempts <input inputmode="numeric" value=${form.dropFirst} onInput=${field('dropFirst')} /></label>
    <label>For the next N notifications (empty: all) <input inputmode="numeric" value=${form.remaining} onInput=${field('remaining')} /></label>
    <label class="check"><input type="checkbox" checked=${form.outOfOrder} onChange=${(e) => setForm({ ...form, outOfOrder: e.currentTarget.checked })} /> Out of order</label>
    <div class="button-row"><button type="submit" disabled=${action.busy}>Set faults</button><button type="button" class="quiet" onClick=${clear}>Clear faults</button></div>
    <${Feedback} message=${action.message} />
  </form>`;
}

export function NotificationsView() {
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const list = useLoad(async () => {
    const answer = await api('GET', `/notifications?limit=100${status ? `&status=${status}` : ''}`);
    if (!answer.ok) throw new Error(messageOf(answer));
    return answer.body;
  }, [status]);
  const refresh = useThrottled(() => list.reload());
  useEvents((type) => { if (type === 'notification' || type === 'reset' || type === 'connected') refresh(); });
  const rows = list.data?.notifications ?? [];
  return html`
    <h1 tabindex="-1">Notifications</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <div class="field"><label for="f-status-5">Status</label><select id="f-status-5" value=${status} onChange=${(e) => navigate(`${BASE}/notifications${e.currentTarget.value ? `?status=${e.currentTarget.value}` : ''}`)}>
          <option value="">Any status</option>
          ${STATUSES.map(([value, name]) => html`<option value=${value}>${name}</option>`)}
        </select></div>
    </form>
    <p class="count" aria-live="polite">${list.loading ? 'Loading…' : `${list.data?.total ?? 0} notification(s)`}</p>
    <${Scroll} label="Notifications">
      <table class="list">
        <thead><tr><th scope="col">Created</th><th scope="col">Notification</th><th scope="col">Payment</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Actions</th></tr></thead>
        <tbody>${rows.map((n) => html`<tr key=${n.id}>
          <td class="nowrap">${formatTime(n.createdAt)}</td>
          <td><${Link} href=${`${BASE}/notifications/${n.id}`}>${n.notifyType}</${Link}>${n.composed ? html` <span class="sub">composed</span>` : ''}</td>
          <td><${Link} href=${`${BASE}/payments/${n.paymentId}`} class="mono">${n.paymentId}</${Link}></td>
          <td><${StatusBadge} status=${n.status} /></td>
          <td class="num">${n.attemptCount}</td>
          <td><${NotificationActions} id=${n.id} onDone=${() => list.reload()} /></td>
        </tr>`)}</tbody>
      </table>
    </${Scroll}>
    ${!list.loading && rows.length === 0 ? html`<p class="empty">No notifications${status ? ' match' : ' yet'}.</p>` : ''}
    <div class="two-columns"><${ComposeForm} /><${FaultForm} /></div>`;
}

export function NotificationView({ id }) {
  const loaded = useLoad(async () => {
    const answer = await api('GET', `/notifications/${encodeURIComponent(id)}`);
    if (!answer.ok) throw new Error(messageOf(answer));
    return answer.body;
  }, [id]);
  const refresh = useThrottled(() => loaded.reload(), 200);
  useEvents((type, data) => { if (type === 'reset' || type === 'connected' || (type === 'notification' && data.id === id)) refresh(); });
  const n = loaded.data;
  return html`
    <h1 tabindex="-1">Notification <span class="mono">${id}</span></h1>
    <p><${Link} href=${`${BASE}/notifications`}>All notifications</${Link}></p>
    ${loaded.error ? html`<p role="alert" class="feedback feedback-error">${loaded.error}</p>` : ''}
    ${n ? html`
      <dl class="facts">
        <div><dt>Type</dt><dd>${n.notifyType}${n.composed ? ' (composed)' : ''}</dd></div>
        <div><dt>Status</dt><dd><${StatusBadge} status=${n.status} />${n.nextAttemptAt ? ` next attempt ${formatTime(n.nextAttemptAt)}` : ''}</dd></div>
        <div><dt>Payment</dt><dd><${Link} href=${`${BASE}/payments/${n.paymentId}`} class="mono">${n.paymentId}</${Link}></dd></div>
        <div><dt>URL</dt><dd class="mono">${n.url}</dd></div>
      </dl>
      <${NotificationActions} id=${n.id} onDone=${() => loaded.reload()} />
      <h2>Attempts</h2>
      <${Scroll} label="Attempts">
        <table class="list">
          <thead><tr><th scope="col">#</th><th scope="col">Kind</th><th scope="col">At</th><th scope="col">HTTP</th><th scope="col">Latency</th><th scope="col">Delivered</th><th scope="col">Error or fault</th></tr></thead>
          <tbody>${n.attempts.map((a) => html`<tr key=${a.number}>
            <td class="num">${a.number}</td><td>${a.kind}</td><td class="nowrap">${formatTime(a.at)}</td><td>${a.responseStatus ?? '—'}</td>
            <td class="num">${a.latencyMs === undefined ? '—' : `${a.latencyMs} ms`}</td><td><${StatusBadge} status=${a.delivered ? 'delivered' : 'no'} /></td>
            <td>${[a.error, a.fault].filter(Boolean).join('; ')}${a.responseBody ? html`<details><summary>Answer</summary><pre>${a.responseBody}</pre></details>` : ''}</td>
          </tr>`)}</tbody>
        </table>
      </${Scroll}>
      <h2>Body</h2>
      <pre class="body" tabindex="0" aria-label="Notification body">${pretty(JSON.parse(n.body))}</pre>` : ''}`;
}
