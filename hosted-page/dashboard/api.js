// The dashboard's only way to the sandbox: the documented control plane (fetch) and its event stream
// (one shared EventSource). Also the small pieces every view uses: links that change the view without a
// reload, loading state, formatting and a copy button.
import { html, useCallback, useEffect, useRef, useState } from '/_sandbox/ui/vendor/preact-htm.js';

export const BASE = '/_sandbox/ui';

/** A control-plane call: resolves with { ok, status, body } and never throws on an HTTP error. */
export async function api(method, path, body) {
  // The control plane takes a change only as JSON or with this header (docs/security.md).
  const init = { method, headers: { 'x-sandbox-control': '1' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    const res = await fetch(`/_sandbox${path}`, init);
    const text = await res.text();
    let parsed;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
    return { ok: res.ok, status: res.status, body: parsed };
  } catch (error) {
    return { ok: false, status: 0, body: { error: { code: 'UNREACHABLE', message: `the sandbox could not be reached: ${error.message}`, status: 0 } } };
  }
}

/** A refusal's sentence: the control plane answers { error: { code, message, status, field? } } (docs/errors.md). */
export const messageOf = (answer) => answer.body?.error?.message ?? answer.body?.error?.code ?? `HTTP ${answer.status}`;

// --- Navigation -------------------------------------------------------------------------------------
const routeListeners = new Set();
export function navigate(href) {
  history.pushState(null, '', href);
  for (const listener of routeListeners) listener();
}
window.addEventListener('popstate', () => { for (const listener of routeListeners) listener(); });

export function useLocation() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    routeListeners.add(listener);
    return () => routeListeners.delete(listener);
  }, []);
  return { path: location.pathname.slice(BASE.length) || '/', query: new URLSearchParams(location.search) };
}

export function Link({ href, children, ...rest }) {
  const onClick = (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} onClick=${onClick} ...${rest}>${children}</a>`;
}

// --- Live events ------------------------------------------------------------------------------------
const eventListeners = new Set();
let source;
function connect() {
  source = new EventSource('/_sandbox/events');
  for (const type of ['request', 'payment', 'notification', 'clock', 'pin', 'reset']) {
    source.addEventListener(type, (event) => {
      const data = JSON.parse(event.data);
      for (const listener of eventListeners) listener(type, data);
    });
  }
  // After a reconnect the views re-read their lists: events sent in between are not replayed.
  source.addEventListener('open', () => { for (const listener of eventListeners) listener('connected', {}); });
}

/** Calls `onEvent(type, data)` for every live event; reconnects are announced as type "connected". */
export function useEvents(onEvent) {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    if (!source) connect();
    const listener = (type, data) => latest.current(type, data);
    eventListeners.add(listener);
    return () => eventListeners.delete(listener);
  }, []);
}

/** Loads with `load()` now, again whenever `deps` change, and on `reload()`; the last answer wins. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ loading: true });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    return load().then((data) => { if (mine === generation.current) setState({ data }); },
      (error) => { if (mine === generation.current) setState({ error: error.message }); });
  }, deps);
  useEffect(() => { void reload(); }, [reload]);
  return { ...state, reload };
}

/** Calls `fn` at most once per `ms`, trailing: many events in a burst cause one reload. */
export function useThrottled(fn, ms = 300) {
  const timer = useRef();
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = undefined; latest.current(); }, ms);
  }, [ms]);
}

// --- Formatting -------------------------------------------------------------------------------------
// One formatter per currency: making an Intl.NumberFormat costs far more than using one, and a list
// page formats an amount on every row.
const currencyFormats = new Map();
function currencyFormat(currency) {
  let format = currencyFormats.get(currency);
  if (!format) currencyFormats.set(currency, format = new Intl.NumberFormat('en', { style: 'currency', currency }));
  return format;
}

export function formatAmount(amount) {
  if (!amount) return '';
  try {
    const format = currencyFormat(amount.currency);
    return format.format(Number(amount.value) / 10 ** format.resolvedOptions().maximumFractionDigits);
  } catch {
    return `${amount.value} ${amount.currency}`;
  }
}

export function formatTime(value) {
  if (value === undefined || value === null) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export const pretty = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

export function StatusBadge({ status }) {
  const tone = /SUCCESS|delivered|^S$|valid/.test(status) ? 'ok' : /FAIL|given-up|CANCELLED|^F$|invalid|missing/.test(status) ? 'bad' : 'wait';
  return html`<span class=${`badge badge-${tone}`}>${status}</span>`;
}

// --- Small controls ---------------------------------------------------------------------------------
export function CopyButton({ text, label = 'Copy' }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      setSaid('Copy blocked by the browser: select the text and copy it');
    }
  };
  return html`<span class="copy"><button type="button" onClick=${copy}>${label}</button><span role="status" class="copy-said">${said}</span></span>`;
}

/** The outcome of the last action, read out to screen readers. */
export function Feedback({ message }) {
  if (!message) return html`<p role="status" class="feedback" hidden></p>`;
  return html`<p role=${message.error ? 'alert' : 'status'} class=${`feedback ${message.error ? 'feedback-error' : 'feedback-ok'}`}>${message.text}</p>`;
}

/** Runs a control-plane action and turns its answer into a Feedback message. */
export function useAction() {
  const [message, setMessage] = useState();
  const [busy, setBusy] = useState(false);
  const run = async (method, path, body, done) => {
    setBusy(true);
    const answer = await api(method, path, body);
    setBusy(false);
    setMessage(answer.ok ? { text: done ?? 'Done.' } : { error: true, text: messageOf(answer) });
    return answer;
  };
  return { message, busy, run, setMessage };
}

/** A table that scrolls sideways on a phone, reachable and scrollable by keyboard. */
export function Scroll({ label, children }) {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${label}>${children}</div>`;
}
