// The merchant's name on the card page and the 3DS page, and "Try another card" after a decline that leaves
// the payment open, in real Chromium against a listening sandbox and a merchant stub that receives the
// buyer's return and the notifications. Each page is scanned with axe-core; the declined page is saved as a
// screenshot for docs/hosted-pages.md (docs/screenshots/).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostedPay } from '../support/bodies.ts';
import { signedHeaders } from '../support/merchant.ts';
import { INQUIRY, PAY } from '../support/sandbox.ts';
import { CHALLENGE_CARD, DECLINED_CARD, SUCCESS_CARD } from './page-client.ts';
import {
  DESKTOP, launchChromium, PHONE, SCREENSHOTS, seriousViolations, startLiveSandbox, startMerchantStub, watchPage,
  type Answer, type LiveSandbox, type MerchantStub,
} from './browser.ts';

/** Generous bounds for a loaded machine; the tests wait for what the page shows, never for a time. */
const SHOWN = { timeout: 15_000 };

let browser: Browser;
let live: LiveSandbox;
let shop: MerchantStub;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [browser, live, shop] = await Promise.all([launchChromium(), startLiveSandbox(), startMerchantStub()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.listening.close();
  await shop?.close();
});

let orders = 0;

/** A hosted pay as the merchant's server makes it, optionally asking for a scenario by header. */
async function hostedPayment(overrides: Record<string, unknown> = {}, scenario?: string) {
  const order = `order-${++orders}`;
  const body = JSON.stringify(hostedPay({ paymentRedirectUrl: `${shop.url}/return?order=${order}`, paymentNotifyUrl: `${shop.url}/notify/${order}`, ...overrides }));
  const headers = { ...signedHeaders(live.merchant, PAY, body), ...(scenario ? { 'x-sandbox-scenario': scenario } : {}) };
  const res = (await (await fetch(`${live.listening.url}${PAY}`, { method: 'POST', headers, body })).json()) as Answer;
  expect(res.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  return { paymentId: res.paymentId as string, normalUrl: res.normalUrl as string, order };
}

async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: DESKTOP });
  const { problems } = watchPage(page, [live.listening.url, shop.url]);
  await page.goto(url);
  return { page, problems };
}

async function fillCard(page: Page, cardNumber: string) {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry date').fill('12 / 30');
  await page.getByLabel('Security code').fill('123');
  await page.getByLabel('Name on card').fill('Tom Jay');
}

const control = (path: string, body: unknown) => fetch(`${live.listening.url}/_sandbox${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('the merchant the buyer sees', { timeout: 90_000 }, () => {
  it('is the pay\'s own merchantDisplayName first, then the registered name, then a neutral default; never the client id', async () => {
    // No name registered yet: a neutral default, not the raw client id.
    const unnamed = await hostedPayment();
    const first = await openPage(unnamed.normalUrl);
    await first.page.locator('#card-step').waitFor(SHOWN);
    await expect(first.page.locator('#merchant-name').textContent()).resolves.toBe('Sandbox merchant');
    await first.page.close();

    // Registered with a name through the control plane: the card page, its title and the 3DS page show it.
    const registered = await control('/merchants', { clientId: live.merchant.clientId, publicKey: live.merchant.publicKeyBase64, name: 'Mika\'s Coffee' });
    expect(registered.status).toBe(201);
    const merchants = (await (await fetch(`${live.listening.url}/_sandbox/merchants`)).json()) as Answer;
    expect(merchants.merchants).toContainEqual(expect.objectContaining({ clientId: live.merchant.clientId, name: 'Mika\'s Coffee' }));

    const named = await hostedPayment();
    const { page, problems } = await openPage(named.normalUrl);
    await page.locator('#card-step').waitFor(SHOWN);
    await expect(page.locator('#merchant-name').textContent()).resolves.toBe('Mika\'s Coffee');
    await expect(page.title()).resolves.toContain('Mika\'s Coffee');
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await fillCard(page, CHALLENGE_CARD);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(/\/3ds\//, SHOWN);
    await page.locator('#challenge-step').waitFor(SHOWN);
    await expect(page.locator('#merchant-name').textContent()).resolves.toBe('Mika\'s Coffee');
    await expect(seriousViolations(page)).resolves.toEqual([]);
    expect(problems).toEqual([]);
    await page.close();

    // The pay's own order.merchant wins over the registration: merchantDisplayName, else merchantName.
    const display = await hostedPayment({ order: { ...(hostedPay().order as object), merchant: { referenceMerchantId: 'SM_001', merchantName: 'Mika Coffee Ltd', merchantDisplayName: 'Mika on Main St' } } });
    const byName = await hostedPayment({ order: { ...(hostedPay().order as object), merchant: { referenceMerchantId: 'SM_002', merchantName: 'Mika Coffee Ltd' } } });
    for (const [payment, shown] of [[display, 'Mika on Main St'], [byName, 'Mika Coffee Ltd']] as const) {
      const opened = await openPage(payment.normalUrl);
      await opened.page.locator('#card-step').waitFor(SHOWN);
      await expect(opened.page.locator('#merchant-name').textContent()).resolves.toBe(shown);
      expect(opened.problems).toEqual([]);
      await opened.page.close();
    }
  });
});

describe('"Try another card"', { timeout: 90_000 }, () => {
  /** A card page whose first card the issuer declined, leaving the payment open ("Try another card" shown). */
  async function declinedOnce() {
    const { paymentId, normalUrl, order } = await hostedPayment({}, 'decline-retry-on-page');
    const { page, problems } = await openPage(normalUrl);
    await page.locator('#card-step').waitFor(SHOWN);
    await fillCard(page, SUCCESS_CARD);
    await page.getByRole('button', { name: /^Pay / }).click();
    const retry = page.getByRole('button', { name: 'Try another card' });
    await retry.waitFor(SHOWN);
    return { paymentId, order, page, problems, retry };
  }

  it('after a decline that leaves the payment open: a fresh form, and the next card pays; one notification, the success', async () => {
    const { paymentId, order, page, problems, retry } = await declinedOnce();
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment declined');
    await expect(page.locator('#result-facts').textContent()).resolves.toContain('DO_NOT_HONOR');
    // Still open: the merchant sees it in process, and nothing was notified.
    const open = await live.call(INQUIRY, { paymentId });
    expect(open.paymentStatus).toBe('PROCESSING');
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}checkout-declined-desktop.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}checkout-declined-phone.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
    await page.setViewportSize(DESKTOP);

    await retry.click();
    await page.locator('#card-step').waitFor(SHOWN);
    await expect(page.getByLabel('Card number').inputValue()).resolves.toBe('');
    await expect(page.getByLabel('Security code').inputValue()).resolves.toBe('');
    await fillCard(page, SUCCESS_CARD);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(`${shop.url}/return?order=${order}`, SHOWN);

    const paid = await live.call(INQUIRY, { paymentId });
    expect(paid.paymentStatus).toBe('SUCCESS');
    await live.sandbox.notifications.flush();
    const notified = shop.received.filter((r) => r.method === 'POST' && r.path === `/notify/${order}`).map((r) => JSON.parse(r.body) as Answer);
    expect(notified.filter((n) => n.notifyType === 'PAYMENT_RESULT').map((n) => n.result.resultCode)).toEqual(['SUCCESS']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a reload straight after the decline shows the card form with the decline, once', async () => {
    const { paymentId, page, problems } = await declinedOnce();
    const formError = page.locator('#form-error');
    // As a card page keeps the buyer on its form with the decline above it.
    await page.reload();
    await page.locator('#card-step').waitFor(SHOWN);
    await expect(formError.isVisible()).resolves.toBe(true);
    await expect(formError.textContent()).resolves.toMatch(/declined.*was not charged/);
    await expect(page.locator('#result-step').isHidden()).resolves.toBe(true);
    // The decline was told: another reload is the plain form.
    await page.reload();
    await page.locator('#card-step').waitFor(SHOWN);
    await expect(formError.isHidden()).resolves.toBe(true);
    expect((await live.call(INQUIRY, { paymentId })).paymentStatus).toBe('PROCESSING');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a reload after "Try another card" shows the fresh card form', async () => {
    const { paymentId, page, problems, retry } = await declinedOnce();
    await retry.click();
    await page.locator('#card-step').waitFor(SHOWN);
    await page.getByLabel('Card number').fill(SUCCESS_CARD);
    await page.reload();
    await page.locator('#card-step').waitFor(SHOWN);
    await expect(page.locator('#form-error').isHidden()).resolves.toBe(true);
    await expect(page.locator('#result-step').isHidden()).resolves.toBe(true);
    await expect(page.getByLabel('Card number').inputValue()).resolves.toBe('');
    expect((await live.call(INQUIRY, { paymentId })).paymentStatus).toBe('PROCESSING');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is not offered when the decline closes the payment', async () => {
    // No paymentRedirectUrl, so the result page stays put (no return to the shop).
    const { paymentId, normalUrl } = await hostedPayment({ paymentRedirectUrl: undefined });
    const { page, problems } = await openPage(normalUrl);
    await page.locator('#card-step').waitFor(SHOWN);
    await fillCard(page, DECLINED_CARD);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.locator('#result-step').waitFor(SHOWN);
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment declined');
    await expect(page.getByRole('button', { name: 'Try another card' }).count()).resolves.toBe(0);
    expect((await live.call(INQUIRY, { paymentId })).paymentStatus).toBe('FAIL');
    expect(problems).toEqual([]);
    await page.close();
  });
});
