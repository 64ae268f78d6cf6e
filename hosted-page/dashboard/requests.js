// /_sandbox/ui/requests: the request journal, live, refusals marked, with a "Failures only" filter and
// cursor paging; /_sandbox/ui/requests/:id: one call with its bodies and the field its error names.
import { html } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, BASE, Link, messageOf, navigate, pretty, Scroll, StatusBadge, useEvents, useLoad, useLocation, useThrottled } from './api.js';

const OPERATIONS = ['payments/pay', 'payments/inquiryPayment', 'payments/capture', 'payments/cancel', 'payments/refund', 'payments/inquiryRefund', 'vaults/vaultPaymentMethod', 'vaults/inquireVaulting'];

export function RequestsView() {
  const { query } = useLocation();
  const filters = { failed: query.get('failed') ?? '', operation: query.get('operation') ?? '', clientId: query.get('clientId') ?? '', cursor: query.get('cursor') ?? '' };
  const key = JSON.stringify(filters);
  const list = useLoad(async () => {
    const params = new URLSearchParams({ limit: '50' });
    for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
    const answer = await api('GET', `/requests?${params}`);
    if (!answer.ok) throw new Error(messageOf(answer));
    return answer.body;
  }, [key]);
  const refresh = useThrottled(() => list.reload());
  // Live on the newest page; an older page stays as it is while reading it.
  useEvents((type) => { if (!filters.cursor && (type === 'request' || type === 'reset' || type === 'connected')) refresh(); });
  const go = (changes) => {
    const next = new URLSearchParams({ ...filters, cursor: '', ...changes });
    for (const [name, value] of [...next]) if (!value) next.delete(name);
    navigate(`${BASE}/requests${next.size ? `?${next}` : ''}`);
  };
  const rows = list.data?.requests ?? [];
  return html`
    <h1 tabindex="-1">Requests</h1>
    <p class="sub">Every merchant API call, accepted or refused: the last ${list.data?.capacity ?? '…'} are kept, in memory.</p>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <label class="check"><input type="checkbox" checked=${filters.failed === 'true'} onChange=${(e) => go({ failed: e.currentTarget.checked ? 'true' : '' })} /> Failures only</label>
      <div class="field"><label for="f-operation-9">Operation</label><select id="f-operation-9" value=${filters.operation} onChange=${(e) => go({ operation: e.currentTarget.value })}>
          <option value="">Any operation</option>
          ${OPERATIONS.map((o) => html`<option value=${o}>${o}</option>`)}
        </select></div>
      <label>Merchant <input value=${filters.clientId} onChange=${(e) => go({ clientId: e.currentTarget.value.trim() })} placeholder="client id" /></label>
    </form>
    ${list.error ? html`<p role="alert" class="feedback feedback-error">${list.error}</p>` : ''}
    <p class="count" aria-live="polite">${list.loading ? 'Loading…' : `${list.data?.size ?? 0} call(s) in the journal`}</p>
    <${Scroll} label="Requests">
      <table class="list">
        <thead><tr><th scope="col">Time</th><th scope="col">Call</th><th scope="col">Merchant</th><th scope="col">Signature</th><th scope="col">Result</th><th scope="col">Field</th><th scope="col">ms</th></tr></thead>
        <tbody>
          ${rows.map((r) => html`
            <tr key=${r.id} class=${r.failed ? 'failed' : ''}>
              <td class="nowrap">${r.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
              <td><${Link} href=${`${BASE}/requests/${r.id}`}>${r.operation ?? r.path.slice(0, 60)}</${Link}>${r.failed ? html` <span class="refused">failed</span>` : ''}</td>
              <td>${r.clientId}</td>
              <td><${StatusBadge} status=${r.signature} /></td>
              <td><${StatusBadge} status=${r.resultCode} /></td>
              <td class="mono">${r.errorField ?? ''}</td>
              <td class="num">${r.durationMs.toFixed(1)}</td>
            </tr>`)}
        </tbody>
      </table>
    </${Scroll}>
    ${!list.loading && rows.length === 0 ? html`<p class="empty">No calls${filters.failed || filters.operation || filters.clientId ? ' match' : ' yet'}.</p>` : ''}
    <div class="pager">
      <button type="button" disabled=${!filters.cursor} onClick=${() => go({ cursor: '' })}>Newest</button>
      <button type="button" disabled=${!list.data?.nextCursor} onClick=${() => go({ cursor: list.data.nextCursor })}>Older</button>
    </div>`;
}

export function RequestView({ id }) {
  const entry = useLoad(async () => {
    const answer = await api('GET', `/requests/${encodeURIComponent(id)}`);
    if (!answer.ok) throw new Error(messageOf(answer));
    return answer.body;
  }, [id]);
  const r = entry.data;
  return html`
    <h1 tabindex="-1">Request <span class="mono">${id}</span></h1>
    <p><${Link} href=${`${BASE}/requests`}>All requests</${Link}></p>
    ${entry.error ? html`<p role="alert" class="feedback feedback-error">${entry.error}</p>` : ''}
    ${r ? html`
      <dl class="facts">
        <div><dt>Call</dt><dd class="mono">${r.method} ${r.path}</dd></div>
        <div><dt>Time</dt><dd>${r.time}</dd></div>
        <div><dt>Merchant</dt><dd>${r.clientId}</dd></div>
        <div><dt>Signature</dt><dd><${StatusBadge} status=${r.signature} /></dd></div>
        <div><dt>Result</dt><dd><${StatusBadge} status=${r.resultCode} /> ${r.resultStatus}: ${r.resultMessage}</dd></div>
        ${r.errorField ? html`<div><dt>Error field</dt><dd class="mono">${r.errorField}</dd></div>` : ''}
        <div><dt>HTTP</dt><dd>${r.httpStatus} in ${r.durationMs} ms</dd></div>
        ${r.scenario ? html`<div><dt>Scenario</dt><dd>${r.scenario}</dd></div>` : ''}
        ${r.paymentId ? html`<div><dt>Payment</dt><dd><${Link} href=${`${BASE}/payments/${r.paymentId}`}>${r.paymentId}</${Link}></dd></div>` : ''}
      </dl>
      <h2>Request body</h2>
      <p class="sub">Card numbers masked, security codes removed.</p>
      <pre class="body" tabindex="0" aria-label="Request body">${r.requestBody === null ? '(none)' : pretty(r.requestBody)}</pre>
      <h2>Response body</h2>
      <pre class="body" tabindex="0" aria-label="Response body">${pretty(r.responseBody)}</pre>
      <h2>Request headers</h2>
      <pre class="body" tabindex="0" aria-label="Request headers">${pretty(r.requestHeaders)}</pre>` : ''}`;
}
