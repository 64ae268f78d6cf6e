// /_sandbox/ui/certify: merchant certification. Run the webhook checks against a notify URL, arm, grade or
// stop a checkout run, and read any kept report (/_sandbox/ui/certify/:id), with links to its HTML,
// JUnit and JSON forms. Only the documented /_sandbox/certify routes are used.
import { html, useState } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, BASE, Feedback, formatTime, Link, navigate, pretty, Scroll, useAction, useLoad } from './api.js';

const TONE = { pass: 'ok', fail: 'bad', info: 'wait', skipped: 'wait', 'not-observed': 'wait' };

function Verdict({ verdict }) {
  return html`<span class=${`badge badge-${TONE[verdict] ?? 'wait'}`}>${verdict}</span>`;
}

function WebhookForm({ onReport }) {
  const [clientId, setClientId] = useState('');
  const [notifyUrl, setNotifyUrl] = useState('');
  const [capture, setCapture] = useState(false);
  const [refund, setRefund] = useState(false);
  const action = useAction();
  const submit = async (event) => {
    event.preventDefault();
    const answer = await action.run('POST', '/certify/webhook', { clientId: clientId.trim(), notifyUrl: notifyUrl.trim(), capture, refund }, 'Webhook certification done.');
    if (answer.ok) onReport(answer.body.report.id);
  };
  return html`<form class="stack-form" onSubmit=${submit} aria-labelledby="webhook-heading">
    <h2 id="webhook-heading">Webhook conformance</h2>
    <label>Client id <input required value=${clientId} onInput=${(e) => setClientId(e.currentTarget.value)} /></label>
    <label>Notify URL <input required type="url" value=${notifyUrl} placeholder="http://127.0.0.1:3000/antom/notify" onInput=${(e) => setNotifyUrl(e.currentTarget.value)} /></label>
    <label class="check"><input type="checkbox" checked=${capture} onChange=${(e) => setCapture(e.currentTarget.checked)} /> Also send notifyCapture</label>
    <label class="check"><input type="checkbox" checked=${refund} onChange=${(e) => setRefund(e.currentTarget.checked)} /> Also send notifyRefund</label>
    <button type="submit" disabled=${action.busy}>${action.busy ? 'Sending…' : 'Run webhook certification'}</button>
    <${Feedback} message=${action.message} />
  </form>`;
}

function CheckoutForm({ onReport }) {
  const [clientId, setClientId] = useState('');
  const [run, setRun] = useState();
  const action = useAction();
  const id = () => encodeURIComponent(clientId.trim());
  const start = async () => {
    const answer = await action.run('POST', '/certify/checkout', { clientId: clientId.trim() }, 'Armed: run your checkout flows, then grade them.');
    if (answer.ok) setRun(answer.body.run);
  };
  const grade = async () => {
    const answer = await action.run('POST', `/certify/checkout/${id()}/report`, undefined, 'Graded.');
    if (answer.ok) onReport(answer.body.report.id);
  };
  const stop = async () => {
    if ((await action.run('DELETE', `/certify/checkout/${id()}`, undefined, 'Stopped.')).ok) setRun(undefined);
  };
  return html`<section aria-labelledby="checkout-heading">
    <h2 id="checkout-heading">Checkout behaviour</h2>
    <p class="sub">The merchant's next new paymentRequestIds get: U UNKNOWN_EXCEPTION, no answer, F DO_NOT_HONOR, a 3DS challenge, a held notification.</p>
    <label>Client id <input value=${clientId} onInput=${(e) => setClientId(e.currentTarget.value)} /></label>
    <div class="button-row">
      <button type="button" onClick=${start} disabled=${action.busy || !clientId.trim()}>Arm checkout run</button>
      <button type="button" class="quiet" onClick=${grade} disabled=${action.busy || !clientId.trim()}>Grade it</button>
      <button type="button" class="quiet" onClick=${stop} disabled=${action.busy || !clientId.trim()}>Stop</button>
    </div>
    <${Feedback} message=${action.message} />
    ${run ? html`<ol>${run.cases.map((c) => html`<li key=${c.id}>${c.description} <span class="sub">(${c.state})</span></li>`)}</ol>` : ''}
  </section>`;
}

function Report({ id }) {
  const report = useLoad(async () => (await api('GET', `/certify/reports/${encodeURIComponent(id)}`)).body, [id]);
  const r = report.data;
  if (report.loading) return html`<p class="loading">Loading the report…</p>`;
  if (!r?.checks) return html`<p role="alert">${r?.error?.message ?? 'No such report.'}</p>`;
  const href = `/_sandbox/certify/reports/${encodeURIComponent(r.id)}`;
  return html`<section aria-labelledby="report-heading">
    <h2 id="report-heading">${r.kind} certification of ${r.clientId}: ${r.passed ? 'passed' : 'failed'}</h2>
    <p class="sub">${formatTime(r.createdAt)}${r.target ? ` · ${r.target}` : ''} · ${r.counts.pass} passed, ${r.counts.fail} failed, ${r.counts.skipped} skipped, ${r.counts['not-observed']} not observed</p>
    <p class="button-row"><a href=${`${href}?format=html`} target="_blank" rel="noopener">Open as HTML</a> <a href=${`${href}?format=junit`}>JUnit XML</a> <a href=${href}>JSON</a></p>
    <${Scroll} label="Checks">
      <table class="list">
        <thead><tr><th scope="col">Verdict</th><th scope="col">Check</th></tr></thead>
        <tbody>${r.checks.map((c) => html`<tr key=${c.id} class=${c.verdict === 'fail' ? 'failed' : ''}>
          <td><${Verdict} verdict=${c.verdict} /></td>
          <td><strong>${c.name}</strong><br />${c.detail}
            ${c.fix ? html`<br /><em>How to fix:</em> ${c.fix}` : ''}
            <br /><a class="sub" href=${c.rule.url} target="_blank" rel="noopener">${c.rule.text}</a>
            <details><summary>Evidence</summary><pre class="body">${pretty(c.evidence)}</pre></details></td>
        </tr>`)}</tbody>
      </table>
    </${Scroll}>
  </section>`;
}

export function CertifyView({ reportId }) {
  const reports = useLoad(async () => (await api('GET', '/certify/reports')).body?.reports ?? [], [reportId]);
  const show = (id) => navigate(`${BASE}/certify/${encodeURIComponent(id)}`);
  return html`
    <h1 tabindex="-1">Certify</h1>
    <p class="sub">Grade a merchant's integration against Antom's go-live rules (docs/certification.md).</p>
    <div class="two-columns">
      <${WebhookForm} onReport=${show} />
      <${CheckoutForm} onReport=${show} />
    </div>
    ${reportId ? html`<${Report} id=${reportId} />` : ''}
    <h2>Reports</h2>
    ${reports.data?.length === 0 ? html`<p class="empty">No report yet.</p>` : html`<${Scroll} label="Reports">
      <table class="list">
        <thead><tr><th scope="col">Report</th><th scope="col">Kind</th><th scope="col">Merchant</th><th scope="col">Result</th></tr></thead>
        <tbody>${(reports.data ?? []).map((r) => html`<tr key=${r.id}>
          <td><${Link} href=${`${BASE}/certify/${encodeURIComponent(r.id)}`}>${formatTime(r.createdAt)}</${Link}></td>
          <td>${r.kind}</td><td class="mono">${r.clientId}</td><td><${Verdict} verdict=${r.passed ? 'pass' : 'fail'} /></td></tr>`)}</tbody>
      </table></${Scroll}>`}`;
}
