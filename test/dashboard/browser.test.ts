// The QA dashboard in real Chromium, driven by the accessible names a tester's own script would use,
// against a listening sandbox, a real notification receiver and the merchant API over HTTP. Each view
// is scanned with axe-core and saved as a screenshot for docs/dashboard.md (docs/screenshots/).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { walletPay } from '../wallet/bodies.ts';
import { PAY } from '../support/sandbox.ts';
import { acknowledge, startReceiver, type Receiver } from '../support/receiver.ts';
import { DESKTOP, launchChromium, PHONE, startLiveSandbox, watchPage, type Answer, type LiveSandbox } from '../hosted/browser.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Generous bounds for a loaded machine; the tests wait for what the page shows, never for a time. */
const SHOWN = { timeout: 10_000 };

let browser: Browser;
let live: LiveSandbox;
let receiver: Receiver;
let page: Page;
let problems: string[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [browser, live, receiver] = await Promise.all([launchChromium(), startLiveSandbox(), startReceiver()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.listening.close();
  await receiver?.close();
});

beforeEach(async () => {
  receiver.behave(acknowledge);
  receiver.received.length = 0;
  await fetch(`${live.listening.url}/_sandbox/reset`, { method: 'POST', headers: { 'x-sandbox-control': '1' } });
  page = await browser.newPage({ viewport: DESKTOP });
  ({ problems } = watchPage(page, [live.listening.url]));
  return async () => {
    await page.close();
    expect(problems).toEqual([]);
  };
});

const ui = (view: string) => `${live.listening.url}/_sandbox/ui/${view}`;
const pay = (overrides: Record<string, unknown> = {}) => live.call(PAY, cardPay({ paymentNotifyUrl: `${receiver.url}/notify`, ...overrides }));

async function payWith(headers: Record<string, string>): Promise<Answer> {
  const text = JSON.stringify(cardPay({ paymentNotifyUrl: `${receiver.url}/notify` }));
  const { signedHeaders } = await import('../support/merchant.ts');
  const res = await fetch(`${live.listening.url}${PAY}`, { method: 'POST', headers: { ...signedHeaders(live.merchant, PAY, text), ...headers }, body: text });
  return (await res.json()) as Answer;
}

/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(p: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, which the page's CSP does not govern.
  await p.evaluate(AXE);
  const found = await p.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

async function screenshot(p: Page, name: string) {
  await p.screenshot({ path: `${SHOTS}dashboard-${name}-desktop.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
  await p.setViewportSize(PHONE);
  // Readable at 390 px: nothing wider than the screen but the tables' own scrolling regions.
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await p.screenshot({ path: `${SHOTS}dashboard-${name}-phone.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
  await p.setViewportSize(DESKTOP);
}

describe('the QA dashboard', { timeout: 120_000 }, () => {
  it('shows a pay made through the API on an open payments view without a reload; its timeline shows the notification attempt', async () => {
    await page.goto(ui('payments'));
    await page.getByRole('heading', { name: 'Payments' }).waitFor();
    await page.getByText('0 payments').waitFor(SHOWN);
    const paid = await pay();
    const link = page.getByRole('link', { name: paid.paymentId as string });
    await link.waitFor(SHOWN);
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    await link.click();
    await page.getByRole('heading', { name: `Payment ${paid.paymentId as string}` }).waitFor();
    const timeline = page.locator('ol.timeline');
    await timeline.getByText('PAYMENT_RESULT').waitFor(SHOWN);
    await expect(timeline.textContent()).resolves.toMatch(/attempt 1 \(scheduled\):\s*HTTP 200 in \d+ ms/);
    await expect(timeline.textContent()).resolves.toContain('payments/pay');
  });

  it('settles a payment in process and passes a 3DS challenge from the payment view', async () => {
    const inProcess = await payWith({ 'x-sandbox-scenario': 'in-process-then-success' });
    expect(inProcess.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    await page.goto(ui(`payments/${inProcess.paymentId as string}`));
    await page.getByLabel('Outcome').selectOption('S');
    await page.getByRole('button', { name: 'Settle', exact: true }).click();
    await page.locator('dl.facts').getByText('SUCCESS', { exact: true }).waitFor(SHOWN);

    const challenged = await payWith({ 'x-sandbox-scenario': '3ds-challenge' });
    expect(challenged.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    await page.goto(ui(`payments/${challenged.paymentId as string}`));
    await page.getByRole('button', { name: 'Pass 3DS' }).click();
    await page.locator('dl.facts').getByText('SUCCESS', { exact: true }).waitFor(SHOWN);
    const stored = live.sandbox.store.payments.get(challenged.paymentId as string)!;
    expect(stored.status).toBe('SUCCESS');
    expect(live.sandbox.store.payments.get(inProcess.paymentId as string)!.status).toBe('SUCCESS');
  });

  it('a wallet payment waiting for the buyer offers the wallet\'s actions, each only while its state allows; the timeline shows the buyer\'s steps', async () => {
    const waiting = async (scenario?: string) => {
      const text = JSON.stringify(walletPay('GCASH', 'WAP', { paymentNotifyUrl: `${receiver.url}/notify` }));
      const { signedHeaders } = await import('../support/merchant.ts');
      const headers = { ...signedHeaders(live.merchant, PAY, text), ...(scenario ? { 'x-sandbox-scenario': scenario } : {}) };
      const answer = await (await fetch(`${live.listening.url}${PAY}`, { method: 'POST', headers, body: text })).json() as Answer;
      expect(answer.result.resultCode).toBe('PAYMENT_IN_PROCESS');
      await page.goto(ui(`payments/${answer.paymentId as string}`));
      await page.getByRole('heading', { name: `Payment ${answer.paymentId as string}` }).waitFor();
      await page.getByRole('button', { name: 'Pay in wallet' }).waitFor(SHOWN);
      return answer.paymentId as string;
    };
    const walletButtons = () => page.getByRole('group', { name: 'The buyer in GCash' }).getByRole('button');
    const timeline = page.locator('ol.timeline');

    const paid = await waiting();
    await expect(walletButtons().allTextContents()).resolves.toEqual(['Pay in wallet', 'Decline in wallet', 'Abandon wallet', 'Expire now']);
    await timeline.getByText('Sent to GCash (WAP, ANDROID): waiting for the buyer').waitFor(SHOWN);
    expect(await seriousViolations(page), 'wallet payment').toEqual([]);
    await screenshot(page, 'payment-wallet');
    // Leaving is a mark, once: the payment still waits, for the buyer or its expiry.
    await page.getByRole('button', { name: 'Abandon wallet' }).click();
    await timeline.getByText('The buyer left GCash without paying: the payment waits for its expiry').waitFor(SHOWN);
    await expect(walletButtons().allTextContents()).resolves.toEqual(['Pay in wallet', 'Decline in wallet', 'Expire now']);
    await page.getByRole('button', { name: 'Pay in wallet' }).click();
    await page.locator('dl.facts').getByText('SUCCESS', { exact: true }).waitFor(SHOWN);
    await timeline.getByText('The buyer paid in GCash').waitFor(SHOWN);
    await expect(walletButtons().count()).resolves.toBe(0);
    expect(live.sandbox.store.payments.get(paid)!.status).toBe('SUCCESS');
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid, delivered: true });

    const declined = await waiting();
    await page.getByRole('button', { name: 'Decline in wallet' }).click();
    await page.locator('dl.facts').getByText('FAIL', { exact: true }).waitFor(SHOWN);
    await timeline.getByText('The buyer declined in GCash').waitFor(SHOWN);
    await expect(walletButtons().count()).resolves.toBe(0);
    expect(live.sandbox.store.payments.get(declined)!.result.resultCode).toBe('PROCESS_FAIL');

    const expired = await waiting();
    await page.getByRole('button', { name: 'Expire now' }).click();
    await page.locator('dl.facts').getByText('FAIL', { exact: true }).waitFor(SHOWN);
    await expect(walletButtons().count()).resolves.toBe(0);
    expect(live.sandbox.store.payments.get(expired)!.result.resultCode).toBe('ORDER_IS_CLOSED');

    // Paid, with the wallet's answer still to come: only the expiry is left to act on.
    const answerLater = await waiting('wallet-processing-then-success');
    await page.getByRole('button', { name: 'Pay in wallet' }).click();
    await timeline.getByText('The buyer paid in GCash').waitFor(SHOWN);
    await expect(walletButtons().allTextContents()).resolves.toEqual(['Expire now']);
    expect(live.sandbox.store.payments.get(answerLater)!.pendingStep).toBe('issuer');

    // A card payment has none of them.
    const card = await pay();
    await page.goto(ui(`payments/${card.paymentId as string}`));
    await page.locator('dl.facts').getByText('SUCCESS', { exact: true }).waitFor(SHOWN);
    await expect(page.getByRole('button', { name: /wallet|Expire now/ }).count()).resolves.toBe(0);
  });

  it('Resend and Send duplicate reach the receiver; Advance fires a due retry', async () => {
    const paid = await pay();
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    expect(receiver.received).toHaveLength(1);
    await page.goto(ui('notifications'));
    const row = page.getByRole('row').filter({ hasText: paid.paymentId as string });
    await row.getByRole('button', { name: 'Resend' }).click();
    await row.getByText('Sent again.').waitFor(SHOWN);
    await row.getByRole('button', { name: 'Send duplicate' }).click();
    await row.getByText('Duplicate sent.').waitFor(SHOWN);
    expect(receiver.received.map((r) => r.body)).toEqual(Array(3).fill(receiver.received[0]!.body));

    // A merchant that fails the first attempt: the retry is due 2 minutes later, and Advance sends it.
    receiver.behave((_r, _i, res) => { res.writeHead(503).end(); });
    const failing = await pay();
    await live.sandbox.notifications.waitForAttempt({ paymentId: failing.paymentId, number: 1 });
    receiver.behave(acknowledge);
    await page.goto(ui('clock'));
    await page.getByRole('cell', { name: /PAYMENT_RESULT attempt 2/ }).waitFor(SHOWN);
    await page.getByRole('button', { name: 'Advance to next due event' }).click();
    await page.getByText('Advanced to the next due event.').waitFor(SHOWN);
    const retry = await live.sandbox.notifications.waitForAttempt({ paymentId: failing.paymentId, number: 2 }, 10_000);
    expect(retry.attempt.delivered).toBe(true);
  });

  it('a Pin made in the form decides the next pay; Unpin removes it', async () => {
    await page.goto(ui('scenarios'));
    await page.getByLabel('Scenario', { exact: true }).selectOption('USER_BALANCE_NOT_ENOUGH');
    await page.getByLabel('For the next N calls (empty: no count)').fill('1');
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.getByText('Pinned USER_BALANCE_NOT_ENOUGH.').waitFor(SHOWN);
    await page.getByRole('button', { name: /^Unpin USER_BALANCE_NOT_ENOUGH/ }).waitFor(SHOWN);
    const declined = await pay();
    expect(declined.result.resultCode).toBe('USER_BALANCE_NOT_ENOUGH');
    expect((await pay()).result.resultCode).toBe('SUCCESS');

    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.getByRole('button', { name: /^Unpin USER_BALANCE_NOT_ENOUGH/ }).click();
    await page.getByText('No pins: outcomes come from the requests and the catalogue.').waitFor(SHOWN);
    expect((await pay()).result.resultCode).toBe('SUCCESS');
  });

  it('pins for one operation, shows a scenario\'s sample request as curl, and composes a notifyCapture', async () => {
    await page.goto(ui('scenarios'));
    await page.getByLabel('Scenario', { exact: true }).selectOption('success');
    await page.getByLabel('Operation', { exact: true }).selectOption('capture');
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.getByText('Pinned success.').waitFor(SHOWN);
    await page.getByText('success for every merchant (capture)').waitFor(SHOWN);
    const pins = (await (await fetch(`${live.listening.url}/_sandbox/scenarios/pins`)).json() as Answer).pins as Answer[];
    expect(pins.map((p) => [p.scenario, p.operations])).toEqual([['success', ['capture']]]);

    // The catalogue row of a test-card scenario opens its sample request: a curl with the test card.
    await page.getByLabel('Search scenarios').fill('DO_NOT_HONOR');
    const row = page.getByRole('row').filter({ has: page.locator('strong', { hasText: /^DO_NOT_HONOR$/ }) });
    await row.getByText('Sample request').click();
    const curl = row.getByLabel('curl for DO_NOT_HONOR');
    await curl.waitFor(SHOWN);
    await expect(curl.textContent()).resolves.toContain(`curl -sS -X POST '${live.listening.url}/ams/api/v1/payments/pay'`);
    await expect(curl.textContent()).resolves.toContain('"cardNo":"4054692760174822"');
    await row.getByText('Triggered by test card 4054692760174822.', { exact: false }).waitFor(SHOWN);
    await row.getByRole('button', { name: 'Copy as cURL' }).waitFor(SHOWN);

    // Not an authorization: the sandbox captures at once, so the payment has a capture to notify about.
    const paid = await pay({ paymentFactor: { isAuthorization: false } });
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, notifyType: 'CAPTURE_RESULT', delivered: true });
    receiver.received.length = 0;
    await page.goto(ui('notifications'));
    await page.getByLabel('Payment id').fill(paid.paymentId as string);
    await page.getByLabel('Notification type').selectOption('CAPTURE_RESULT');
    await page.getByLabel('Result', { exact: true }).selectOption('F');
    await expect(page.getByLabel('Result code').inputValue()).resolves.toBe('PROCESS_FAIL');
    await page.getByRole('button', { name: 'Compose and send' }).click();
    await page.getByRole('heading', { name: /^Notification / }).waitFor(SHOWN);
    await live.sandbox.notifications.flush();
    const sent = receiver.received.map((r) => JSON.parse(r.body) as Answer);
    expect(sent.map((b) => [b.notifyType, b.paymentId, b.result.resultCode])).toEqual([['CAPTURE_RESULT', paid.paymentId, 'PROCESS_FAIL']]);
  });

  it('a refused call appears in the journal with its code and field, and opens with its bodies', async () => {
    await page.goto(ui('requests'));
    await page.getByLabel('Failures only').check();
    const bad = cardPay();
    (bad.paymentAmount as Record<string, unknown>).value = 'ten';
    const refused = await live.call(PAY, bad);
    expect(refused.result.resultCode).toBe('PARAM_ILLEGAL');
    const row = page.getByRole('row').filter({ hasText: 'PARAM_ILLEGAL' });
    await row.waitFor(SHOWN);
    await expect(row.textContent()).resolves.toContain('paymentAmount.value');
    await row.getByRole('link', { name: 'payments/pay' }).click();
    await page.getByText('Error field').waitFor(SHOWN);
    await expect(page.getByLabel('Request body').textContent()).resolves.toContain('"value": "ten"');
  });

  it('Reset, after a confirmation, empties every view', async () => {
    const paid = await pay();
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    await page.goto(ui('merchants'));
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, reset everything' }).click();
    await page.getByText('Reset: removed 1 payment(s), 1 notification(s), 1 request(s), 0 pin(s).').waitFor(SHOWN);
    const empties: [string, string][] = [['Payments', 'No payments yet'], ['Requests', 'No calls yet'], ['Notifications', 'No notifications yet'], ['Clock', 'Nothing is due']];
    for (const [section, empty] of empties) {
      await page.getByRole('link', { name: section, exact: true }).click();
      await page.getByText(empty).waitFor(SHOWN);
    }
    await page.getByRole('link', { name: 'Scenarios', exact: true }).click();
    await page.getByText('No pins').waitFor(SHOWN);
  });

  it('every view: keyboard navigation, no serious or critical axe finding, readable at 390 px; screenshots for the docs', async () => {
    const paid = await pay();
    await live.sandbox.notifications.waitForAttempt({ paymentId: paid.paymentId, delivered: true });
    await payWith({ 'x-sandbox-scenario': '3ds-challenge' });
    const bad = cardPay();
    delete bad.paymentRequestId;
    await live.call(PAY, bad);
    const [notification] = live.sandbox.notifications.list({ paymentId: paid.paymentId as string });
    const requestId = (await (await fetch(`${live.listening.url}/_sandbox/requests?limit=1`)).json() as Answer).requests[0].id as string;

    // The keyboard: the skip link first, then the sections in order.
    await page.goto(ui('payments'));
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Payments');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Requests' }).waitFor();
    expect(page.url()).toBe(ui('requests'));

    const views: [string, string][] = [
      ['payments', 'payments'], ['payment', `payments/${paid.paymentId as string}`], ['requests', 'requests'], ['request', `requests/${requestId}`],
      ['notifications', 'notifications'], ['notification', `notifications/${notification!.id}`], ['scenarios', 'scenarios'], ['clock', 'clock'], ['merchants', 'merchants'],
    ];
    for (const [name, path] of views) {
      await page.goto(ui(path));
      await page.locator('main h1').waitFor();
      // (No "network idle" to wait for: the event stream stays open.) Every view says "Loading…" until its data is in.
      await page.getByText('Loading…').first().waitFor({ state: 'detached', ...SHOWN });
      expect(await seriousViolations(page), name).toEqual([]);
      await screenshot(page, name);
    }
  }, 300_000);
});
