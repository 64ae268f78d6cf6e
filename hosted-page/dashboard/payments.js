// /_sandbox/ui/payments: newest first, a page at a time from the server, kept live by payment events;
// filter by merchant and status, search by paymentId or paymentRequestId. Filters live in the URL.
import { html, useState } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, BASE, formatAmount, formatTime, Link, messageOf, navigate, Scroll, StatusBadge, useEvents, useLoad, useLocation, useThrottled } from './api.js';

const PAGE = 25;
const STATUSES = ['PROCESSING', 'SUCCESS', 'FAIL', 'CANCELLED'];

async function loadPayments({ status, clientId, q, offset }) {
  if (q) {
    // A paymentId, or a merchant's paymentRequestId.
    const [byId, byRequest] = await Promise.all([
      api('GET', `/payments?paymentId=${encodeURIComponent(q)}`), api('GET', `/payments?paymentRequestId=${encodeURIComponent(q)}`),
    ]);
    if (!byId.ok) throw new Error(messageOf(byId));
    const payments = [...byId.body.payments, ...(byRequest.body?.payments ?? [])];
    return { total: payments.length, payments };
  }
  // The first page's URL is preloaded with the view (FIRST_PAYMENTS_PAGE, server/http/dashboard-routes.ts): keep the two alike.
  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (status) params.set('status', status);
  if (clientId) params.set('clientId', clientId);
  const answer = await api('GET', `/payments?${params}`);
  if (!answer.ok) throw new Error(messageOf(answer));
  return answer.body;
}

export function PaymentsView() {
  const { query } = useLocation();
  const filters = { status: query.get('status') ?? '', clientId: query.get('clientId') ?? '', q: query.get('q') ?? '', offset: Number(query.get('offset') ?? 0) };
  const key = JSON.stringify(filters);
  const list = useLoad(() => loadPayments(filters), [key]);
  const merchants = useLoad(async () => (await api('GET', '/merchants')).body?.merchants ?? [], []);
  const [search, setSearch] = useState(filters.q);
  const refresh = useThrottled(() => list.reload());
  useEvents((type) => { if (type === 'payment' || type === 'reset' || type === 'connected') refresh(); });

  const go = (changes) => {
    const next = new URLSearchParams({ ...filters, offset: '0', ...changes });
    for (const [name, value] of [...next]) if (!value || (name === 'offset' && value === '0')) next.delete(name);
    navigate(`${BASE}/payments${next.size ? `?${next}` : ''}`);
  };
  const onSearch = (event) => { event.preventDefault(); go({ q: search.trim() }); };
  const payments = list.data?.payments ?? [];
  const total = list.data?.total ?? 0;

  return html`
    <h1 tabindex="-1">Payments</h1>
    <form class="filters" onSubmit=${onSearch} role="search">
      <div class="field"><label for="f-merchant-1">Merchant</label><select id="f-merchant-1" value=${filters.clientId} onChange=${(e) => go({ clientId: e.currentTarget.value })}>
          <option value="">All merchants</option>
          ${(merchants.data ?? []).map((m) => html`<option value=${m.clientId}>${m.clientId}</option>`)}
        </select></div>
      <div class="field"><label for="f-status-2">Status</label><select id="f-status-2" value=${filters.status} onChange=${(e) => go({ status: e.currentTarget.value })}>
          <option value="">Any status</option>
          ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select></div>
      <label>Payment or request id
        <input type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} placeholder="paymentId or paymentRequestId" />
      </label>
      <button type="submit">Search</button>
      ${filters.q ? html`<button type="button" class="quiet" onClick=${() => { setSearch(''); go({ q: '' }); }}>Clear search</button>` : ''}
    </form>
    ${list.error ? html`<p role="alert" class="feedback feedback-error">${list.error}</p>` : ''}
    <p class="count" aria-live="polite">${list.loading ? 'Loading…' : `${total} payment${total === 1 ? '' : 's'}`}</p>
    <${Scroll} label="Payments">
      <table class="list">
        <thead><tr><th scope="col">Created</th><th scope="col">Payment</th><th scope="col">Status</th><th scope="col">Amount</th><th scope="col">Card</th><th scope="col">Merchant</th><th scope="col">Scenario</th></tr></thead>
        <tbody>
          ${payments.map((p) => html`
            <tr key=${p.paymentId}>
              <td class="nowrap">${formatTime(p.paymentCreateTime)}</td>
              <td><${Link} href=${`${BASE}/payments/${encodeURIComponent(p.paymentId)}`}>${p.paymentId}</${Link}><div class="sub">${p.paymentRequestId}</div></td>
              <td><${StatusBadge} status=${p.paymentStatus} />${p.pendingStep ? html`<div class="sub">${p.pendingStep}</div>` : ''}</td>
              <td class="nowrap">${formatAmount(p.paymentAmount)}</td>
              <td class="mono">${p.paymentResultInfo?.cardNo ?? ''}</td>
              <td>${p.clientId}</td>
              <td>${p.scenario?.name ?? ''}</td>
            </tr>`)}
        </tbody>
      </table>
    </${Scroll}>
    ${!list.loading && payments.length === 0 ? html`<p class="empty">No payments${filters.q || filters.status || filters.clientId ? ' match' : ' yet: make one through the merchant API'}.</p>` : ''}
    <div class="pager">
      <button type="button" disabled=${filters.offset === 0} onClick=${() => go({ offset: String(Math.max(0, filters.offset - PAGE)) })}>Newer</button>
      <button type="button" disabled=${filters.offset + PAGE >= total || Boolean(filters.q)} onClick=${() => go({ offset: String(filters.offset + PAGE) })}>Older</button>
    </div>`;
}
