// The QA dashboard: the page's frame (skip link, navigation, one view) and which view a URL shows. Every
// view has its own URL under /_sandbox/ui/, so a link can be shared; the views are in their own files.
import { html, render, useEffect, useRef } from '/_sandbox/ui/vendor/preact-htm.js';
import { BASE, Link, useLocation } from './api.js';
import { CertifyView } from './certify.js';
import { ClockView } from './clock.js';
import { MerchantsView } from './merchants.js';
import { NotificationsView, NotificationView } from './notifications.js';
import { PaymentView } from './payment.js';
import { PaymentsView } from './payments.js';
import { RequestsView, RequestView } from './requests.js';
import { ScenariosView } from './scenarios.js';

const SECTIONS = [
  ['payments', 'Payments'], ['requests', 'Requests'], ['notifications', 'Notifications'],
  ['scenarios', 'Scenarios'], ['clock', 'Clock'], ['merchants', 'Merchants'], ['certify', 'Certify'],
];

function viewFor(path) {
  const [section = 'payments', id] = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (section) {
    case 'payments': return id ? [html`<${PaymentView} paymentId=${id} />`, `Payment ${id}`] : [html`<${PaymentsView} />`, 'Payments'];
    case 'requests': return id ? [html`<${RequestView} id=${id} />`, `Request ${id}`] : [html`<${RequestsView} />`, 'Requests'];
    case 'notifications': return id ? [html`<${NotificationView} id=${id} />`, `Notification ${id}`] : [html`<${NotificationsView} />`, 'Notifications'];
    case 'scenarios': return [html`<${ScenariosView} />`, 'Scenarios'];
    case 'clock': return [html`<${ClockView} />`, 'Clock'];
    case 'merchants': return [html`<${MerchantsView} />`, 'Merchants'];
    case 'certify': return [html`<${CertifyView} reportId=${id} />`, id ? `Report ${id}` : 'Certify'];
    default: return [html`<p>No such view.</p>`, 'Not found'];
  }
}

function App() {
  const { path } = useLocation();
  const section = path.split('/').filter(Boolean)[0] ?? 'payments';
  const [view, title] = viewFor(path);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${title} · alipay-sandbox`;
    // After a change of view (not on the first load, where the skip link comes first), focus goes to
    // its heading so a keyboard or screen-reader user starts there.
    if (first.current) first.current = false;
    else document.querySelector('main h1')?.focus({ preventScroll: true });
  }, [path]);
  return html`
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="top">
      <p class="brand"><span class="pill">Sandbox</span> alipay-sandbox</p>
      <nav aria-label="Sections">
        <ul>
          ${SECTIONS.map(([key, name]) => html`
            <li><${Link} href=${`${BASE}/${key}`} aria-current=${section === key ? 'page' : undefined}>${name}</${Link}></li>`)}
        </ul>
      </nav>
    </header>
    <main id="main" tabindex="-1">${view}</main>`;
}

const root = document.getElementById('app');
// The "Loading" line is for a browser that has not run the script yet; the app replaces it.
root.replaceChildren();
render(html`<${App} />`, root);
