// /_sandbox/ui/scenarios: the catalogue with search, the Pin form (Antom's error scenario simulation: the
// next N calls, or M minutes) and the pins in force with Unpin.
import { html, useState } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, CopyButton, Feedback, messageOf, Scroll, useAction, useEvents, useLoad, useThrottled } from './api.js';

function PinForm({ scenarios, merchants, onDone }) {
  const [form, setForm] = useState({ scenario: '', operation: '', clientId: '', count: '1', minutes: '' });
  const action = useAction();
  const field = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const chosen = scenarios.find((s) => s.name === form.scenario);
  // Another scenario may not decide the operation chosen: the choice goes back to "every operation".
  const chooseScenario = (e) => {
    const next = scenarios.find((s) => s.name === e.currentTarget.value);
    setForm({ ...form, scenario: e.currentTarget.value, operation: next?.operations.includes(form.operation) ? form.operation : '' });
  };
  const submit = async (event) => {
    event.preventDefault();
    const body = { scenario: form.scenario };
    if (form.operation) body.operation = form.operation;
    if (form.clientId) body.clientId = form.clientId;
    if (form.count) body.count = Number(form.count);
    if (form.minutes) body.durationMs = Math.round(Number(form.minutes) * 60_000);
    if ((await action.run('POST', '/scenarios/pin', body, `Pinned ${form.scenario}.`)).ok) onDone();
  };
  return html`<form class="stack-form" onSubmit=${submit} aria-labelledby="pin-heading">
    <h2 id="pin-heading">Pin a scenario</h2>
    <div class="field"><label for="f-scenario-7">Scenario</label><select id="f-scenario-7" required value=${form.scenario} onChange=${chooseScenario}>
        <option value="">Choose a scenario</option>
        ${scenarios.map((s) => html`<option value=${s.name}>${s.name}</option>`)}
      </select></div>
    ${chosen ? html`<p class="sub">Decides ${chosen.operations.join(', ')}: ${chosen.outcome}</p>` : ''}
    <div class="field"><label for="f-operation-9">Operation</label><select id="f-operation-9" value=${form.operation} onChange=${field('operation')}>
        <option value="">Every operation the scenario decides</option>
        ${(chosen?.operations ?? ['pay', 'capture', 'refund']).map((op) => html`<option value=${op}>${op}</option>`)}
      </select></div>
    <div class="field"><label for="f-merchant-8">Merchant</label><select id="f-merchant-8" value=${form.clientId} onChange=${field('clientId')}>
        <option value="">Every merchant</option>
        ${merchants.map((m) => html`<option value=${m.clientId}>${m.clientId}</option>`)}
      </select></div>
    <label>For the next N calls (empty: no count) <input inputmode="numeric" value=${form.count} onInput=${field('count')} /></label>
    <label>For M minutes of sandbox time (empty: no time limit) <input inputmode="decimal" value=${form.minutes} onInput=${field('minutes')} /></label>
    <button type="submit" disabled=${action.busy}>Pin</button>
    <${Feedback} message=${action.message} />
  </form>`;
}

function Pins({ pins, onDone }) {
  const action = useAction();
  const unpin = async (clientId) => {
    if ((await action.run('DELETE', `/scenarios/pin${clientId ? `?clientId=${encodeURIComponent(clientId)}` : ''}`, undefined, 'Unpinned.')).ok) onDone();
  };
  return html`<section aria-labelledby="pins-heading">
    <h2 id="pins-heading">Pins in force</h2>
    ${pins.length === 0 ? html`<p class="empty">No pins: outcomes come from the requests and the catalogue.</p>` : html`
      <ul class="plain">${pins.map((p) => html`<li key=${p.id}>
        <strong>${p.scenario}</strong> for ${p.clientId ?? 'every merchant'} (${p.operations.join(', ')});
        ${p.remaining === null ? '' : `${p.remaining} call(s) left`}${p.expiresAt ? ` until ${p.expiresAt}` : ''}
        <button type="button" onClick=${() => unpin(p.clientId)} aria-label=${`Unpin ${p.scenario} for ${p.clientId ?? 'every merchant'}`}>Unpin</button>
      </li>`)}</ul>`}
    <p class="sub">Unpin removes every pin of that merchant (or, for "every merchant", all pins).</p>
    <${Feedback} message=${action.message} />
  </section>`;
}

const triggerText = (s) => s.triggers.map((t) => t.label).join('; ');

/** The request that triggers a scenario (GET /_sandbox/scenarios/:name/request), fetched when opened. */
function SampleRequest({ name }) {
  const [sample, setSample] = useState();
  const [open, setOpen] = useState(false);
  const load = async (event) => {
    setOpen(event.currentTarget.open);
    if (!event.currentTarget.open || sample) return;
    const answer = await api('GET', `/scenarios/${encodeURIComponent(name)}/request`);
    setSample(answer.ok ? answer.body : { error: messageOf(answer) });
  };
  return html`<details class="sample" onToggle=${load}>
    <summary>Sample request<span class="visually-hidden"> for ${name}</span></summary>
    ${!open ? '' : !sample ? html`<p class="sub">Loading…</p>` : sample.error ? html`<p role="alert">${sample.error}</p>` : html`
      <p class="sub">Triggered by ${sample.trigger}. Unsigned: the sandbox takes it in signature mode warn or off.</p>
      <pre class="body" tabindex="0" aria-label=${`curl for ${name}`}>${sample.curl}</pre>
      <${CopyButton} text=${sample.curl} label="Copy as cURL" />`}
  </details>`;
}

export function ScenariosView() {
  const catalogue = useLoad(async () => {
    const answer = await api('GET', '/scenarios');
    if (!answer.ok) throw new Error(messageOf(answer));
    return answer.body;
  }, []);
  const merchants = useLoad(async () => (await api('GET', '/merchants')).body?.merchants ?? [], []);
  const [search, setSearch] = useState('');
  const refresh = useThrottled(() => catalogue.reload());
  useEvents((type) => { if (type === 'pin' || type === 'reset' || type === 'request' || type === 'connected') refresh(); });
  const scenarios = catalogue.data?.scenarios ?? [];
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = scenarios.filter((s) => {
    const text = `${s.name} ${s.description} ${s.outcome} ${triggerText(s)}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  return html`
    <h1 tabindex="-1">Scenarios</h1>
    <div class="two-columns">
      <${PinForm} scenarios=${scenarios} merchants=${merchants.data ?? []} onDone=${() => catalogue.reload()} />
      <${Pins} pins=${catalogue.data?.pins ?? []} onDone=${() => catalogue.reload()} />
    </div>
    <h2>Catalogue</h2>
    <form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <label>Search scenarios <input type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} placeholder="name, trigger or outcome" /></label>
    </form>
    <p class="count" aria-live="polite">${catalogue.loading ? 'Loading…' : `${shown.length} of ${scenarios.length} scenarios`}</p>
    <${Scroll} label="Scenario catalogue">
      <table class="list">
        <thead><tr><th scope="col">Scenario</th><th scope="col">Outcome</th><th scope="col">Triggered by</th></tr></thead>
        <tbody>${shown.map((s) => html`<tr key=${s.name}>
          <td><strong>${s.name}</strong><div class="sub">${s.description}</div></td>
          <td>${s.outcome}</td>
          <td>${triggerText(s) || '—'}<div class="sub mono">or the header x-sandbox-scenario: ${s.name}</div><${SampleRequest} name=${s.name} /></td>
        </tr>`)}</tbody>
      </table>
    </${Scroll}>`;
}
