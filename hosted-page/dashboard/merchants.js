// /_sandbox/ui/merchants: merchants and their keys, registering one, the sandbox's public key, the TLS
// certificate, and Reset (after a confirmation).
import { html, useState } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, CopyButton, Feedback, formatTime, Scroll, useAction, useEvents, useLoad } from './api.js';

function RegisterForm({ onDone }) {
  const [clientId, setClientId] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [name, setName] = useState('');
  const action = useAction();
  const submit = async (event) => {
    event.preventDefault();
    const body = { clientId: clientId.trim(), publicKey: publicKey.trim() };
    if (name.trim()) body.name = name.trim();
    if ((await action.run('POST', '/merchants', body, `Registered ${clientId.trim()}.`)).ok) {
      setClientId('');
      setPublicKey('');
      setName('');
      onDone();
    }
  };
  return html`<form class="stack-form" onSubmit=${submit} aria-labelledby="register-heading">
    <h2 id="register-heading">Register a merchant</h2>
    <label>Client id <input required value=${clientId} onInput=${(e) => setClientId(e.currentTarget.value)} /></label>
    <label>Display name (optional: what buyers see on the card page) <input value=${name} onInput=${(e) => setName(e.currentTarget.value)} /></label>
    <label>Public key (PEM or bare base64) <textarea required rows="5" value=${publicKey} onInput=${(e) => setPublicKey(e.currentTarget.value)}></textarea></label>
    <button type="submit" disabled=${action.busy}>Register merchant</button>
    <${Feedback} message=${action.message} />
  </form>`;
}

function ResetPanel() {
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const reset = async () => {
    const answer = await action.run('POST', '/reset', undefined, 'Reset: the sandbox is empty.');
    if (answer.ok) {
      const r = answer.body.removed;
      action.setMessage({ text: `Reset: removed ${r.payments} payment(s), ${r.notifications} notification(s), ${r.requests} request(s), ${r.pins} pin(s).` });
    }
    setConfirming(false);
  };
  return html`<section aria-labelledby="reset-heading" class="danger-zone">
    <h2 id="reset-heading">Reset</h2>
    <p>Wipes every payment, notification, journal entry and pin. Merchants, keys and scenario files stay.</p>
    ${confirming ? html`<div role="group" aria-label="Confirm reset" class="button-row">
        <button type="button" class="danger" onClick=${reset} disabled=${action.busy}>Yes, reset everything</button>
        <button type="button" onClick=${() => setConfirming(false)}>Cancel</button>
      </div>` : html`<button type="button" class="danger" onClick=${() => setConfirming(true)}>Reset</button>`}
    <${Feedback} message=${action.message} />
  </section>`;
}

export function MerchantsView() {
  const merchants = useLoad(async () => (await api('GET', '/merchants')).body?.merchants ?? [], []);
  const keys = useLoad(async () => (await api('GET', '/keys')).body, []);
  const tls = useLoad(async () => (await api('GET', '/tls')).body?.enabled === true, []);
  useEvents((type) => { if (type === 'connected') merchants.reload(); });
  return html`
    <h1 tabindex="-1">Merchants</h1>
    <${Scroll} label="Merchants">
      <table class="list">
        <thead><tr><th scope="col">Client id</th><th scope="col">Display name</th><th scope="col">Registered</th></tr></thead>
        <tbody>${(merchants.data ?? []).map((m) => html`<tr key=${m.clientId}><td class="mono">${m.clientId}</td><td>${m.name ?? '—'}</td><td>${formatTime(m.registeredAt)}</td></tr>`)}</tbody>
      </table>
    </${Scroll}>
    ${merchants.data?.length === 0 ? html`<p class="empty">No merchant keys registered: in warn mode unknown clients are accepted unverified.</p>` : ''}
    <div class="two-columns">
      <${RegisterForm} onDone=${() => merchants.reload()} />
      <section aria-labelledby="key-heading">
        <h2 id="key-heading">The sandbox's public key</h2>
        <p class="sub">Configure it in the merchant's SDK as Alipay's (Antom's) public key.</p>
        <pre class="body key" tabindex="0" aria-label="Sandbox public key">${keys.data?.publicKey ?? '…'}</pre>
        ${keys.data ? html`<${CopyButton} text=${keys.data.publicKey} label="Copy public key" />` : ''}
        <h2>HTTPS certificate</h2>
        ${tls.data ? html`<p><a href="/_sandbox/tls/certificate" download>Download the TLS certificate</a> to trust it in the merchant's client.</p>`
          : html`<p class="sub">HTTPS is off: start with --https-port to get a certificate (then download it here).</p>`}
      </section>
    </div>
    <${ResetPanel} />`;
}
