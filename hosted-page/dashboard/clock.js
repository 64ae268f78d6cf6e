// /_sandbox/ui/clock: sandbox time, what falls due next, and Advance by a preset or to the next due event.
import { html } from '/_sandbox/ui/vendor/preact-htm.js';
import { api, BASE, Feedback, formatTime, Link, messageOf, Scroll, useAction, useEvents, useLoad, useThrottled } from './api.js';

const PRESETS = [['1 min', 60_000], ['15 min', 15 * 60_000], ['1 h', 3600_000], ['1 day', 24 * 3600_000]];

export function ClockView() {
  const loaded = useLoad(async () => {
    const [clock, due] = await Promise.all([api('GET', '/clock'), api('GET', '/clock/due?limit=20')]);
    if (!clock.ok) throw new Error(messageOf(clock));
    return { clock: clock.body, due: due.body?.due ?? [] };
  }, []);
  const action = useAction();
  const refresh = useThrottled(() => loaded.reload());
  useEvents((type) => { if (type !== 'request') refresh(); });
  const advance = async (ms, label) => {
    if ((await action.run('POST', '/clock/advance', { ms }, `Advanced ${label}.`)).ok) loaded.reload();
  };
  const next = loaded.data?.due[0];
  return html`
    <h1 tabindex="-1">Clock</h1>
    ${loaded.error ? html`<p role="alert" class="feedback feedback-error">${loaded.error}</p>` : ''}
    ${loaded.data ? html`<dl class="facts">
      <div><dt>Sandbox time</dt><dd><time>${formatTime(loaded.data.clock.now)}</time></dd></div>
      <div><dt>Mode</dt><dd>${loaded.data.clock.mode}${loaded.data.clock.mode === 'real' ? `, time scale ${loaded.data.clock.timeScale}` : ' (moves only when advanced)'}</dd></div>
    </dl>` : ''}
    <div class="button-row">
      ${PRESETS.map(([label, ms]) => html`<button type="button" disabled=${action.busy} onClick=${() => advance(ms, label)}>Advance ${label}</button>`)}
      <button type="button" disabled=${action.busy || !next} onClick=${() => advance(next.inMs, 'to the next due event')}>Advance to next due event</button>
    </div>
    <${Feedback} message=${action.message} />
    <h2>Next due</h2>
    ${loaded.data && loaded.data.due.length === 0 ? html`<p class="empty">Nothing is due: no retries, expiries or settlements are waiting.</p>` : ''}
    <${Scroll} label="Next due events">
      <table class="list">
        <thead><tr><th scope="col">Due</th><th scope="col">In</th><th scope="col">What</th><th scope="col">Payment</th></tr></thead>
        <tbody>${(loaded.data?.due ?? []).map((d, i) => html`<tr key=${i}>
          <td class="nowrap">${formatTime(d.at)}</td><td class="nowrap">${Math.round(d.inMs / 1000)} s</td><td>${d.description}</td>
          <td>${d.paymentId ? html`<${Link} href=${`${BASE}/payments/${d.paymentId}`} class="mono">${d.paymentId}</${Link}>` : html`<span class="mono">${d.vaultingRequestId}</span>`}</td>
        </tr>`)}</tbody>
      </table>
    </${Scroll}>`;
}
