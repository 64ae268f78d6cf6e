// The hosted card page and the 3DS challenge page in real Chromium, as a buyer uses them, with a merchant
// stub that receives the buyer's return and the notification. The tests also save the screenshots that
// docs/hosted-pages.md shows (docs/screenshots/).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostedPay } from '../support/bodies.ts';
import { CHALLENGE_CARD } from './page-client.ts';
import { PAY, INQUIRY } from '../support/sandbox.ts';
import { DESKTOP, launchChromium, PHONE, SCREENSHOTS, startLiveSandbox, startMerchantStub, watchPage, type LiveSandbox, type MerchantStub } from './browser.ts';

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

/** A hosted pay as the merchant's server makes it; returns the payment and where to send the buyer. */
async function hostedPayment(overrides: Record<string, unknown> = {}) {
  const order = `order-${++orders}`;
  const res = await live.call(PAY, hostedPay({ paymentRedirectUrl: `${shop.url}/return?order=${order}`, paymentNotifyUrl: `${shop.url}/notify`, ...overrides }));
  expect(res.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  return { paymentId: res.paymentId as string, normalUrl: res.normalUrl as string, returnUrl: `${shop.url}/return?order=${order}` };
}

async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: DESKTOP });
  const { problems } = watchPage(page, [live.listening.url, shop.url]);
  await page.goto(url);
  return { page, problems };
}

const inquire = (paymentId: string) => live.call(INQUIRY, { paymentId });

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}${name}-desktop.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SCREENSHOTS}${name}-phone.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
  await page.setViewportSize(DESKTOP);
}

async function fillCard(page: Page, cardNumber: string, { expiry = '12 / 30', cvv = '123', name = 'Tom Jay' } = {}) {
  await page.fill('#card-number', cardNumber);
  await page.fill('#expiry', expiry);
  await page.fill('#cvv', cvv);
  await page.fill('#cardholder-name', name);
}

describe('the hosted card page', { timeout: 60_000 }, () => {
  it('takes a saved card by keyboard alone, returns the buyer to the shop, notifies with the cardToken; the token then pays with no page', async () => {
    const { paymentId, normalUrl, returnUrl } = await hostedPayment();
    const { page, problems } = await openPage(normalUrl);
    await page.locator('#card-step').waitFor();
    await expect(page.locator('#amount').textContent()).resolves.toBe('€300.00');
    await expect(page.locator('#pay-label').textContent()).resolves.toBe('Pay €300.00');
    await screenshot(page, 'checkout');

    // Every field is labelled and carries the standard autocomplete token.
    const fields = await page.locator('#card-form input:visible, #card-form select:visible').evaluateAll((elements) =>
      elements.map((e) => ({ id: e.id, labelled: (e as HTMLInputElement).labels!.length > 0, autocomplete: e.getAttribute('autocomplete') })));
    expect(fields.every((f) => f.labelled)).toBe(true);
    expect(Object.fromEntries(fields.map((f) => [f.id, f.autocomplete]))).toMatchObject({ 'card-number': 'cc-number', expiry: 'cc-exp', cvv: 'cc-csc', 'cardholder-name': 'cc-name' });

    // Keyboard only: the skip link, typing, Tab between fields, Space on the checkbox, Enter on the button.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip-link');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('card-number');
    await page.keyboard.type('4054695723100768');
    await expect(page.inputValue('#card-number')).resolves.toBe('4054 6957 2310 0768');
    await expect(page.locator('#brand-badge').textContent()).resolves.toBe('Visa');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1230');
    await expect(page.inputValue('#expiry')).resolves.toBe('12 / 30');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tom Jay');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('save-card');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pay-button');
    await page.keyboard.press('Enter');

    await page.locator('#result-step').waitFor();
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment successful');
    await page.waitForURL(returnUrl, { timeout: 15_000 });
    expect(shop.received).toContainEqual(expect.objectContaining({ method: 'GET', path: new URL(returnUrl).pathname + new URL(returnUrl).search }));

    const { notification } = await live.sandbox.notifications.waitForAttempt({ paymentId, delivered: true }, 10_000);
    const cardToken = JSON.parse(notification.body).paymentResultInfo.cardToken as string;
    expect(cardToken).toMatch(/^ctk_/);
    expect(shop.received.some((r) => r.method === 'POST' && r.path === '/notify' && r.body.includes(cardToken))).toBe(true);
    expect((await inquire(paymentId)).paymentResultInfo).toMatchObject({ cardToken, cardNo: '405469******0768' });

    // A second payment, server to server, with the token and no buyer: no page at all.
    const mit = await live.call(PAY, { ...hostedPay(), paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: cardToken, paymentMethodMetaData: { isCardOnFile: true } } });
    expect(mit.result.resultCode).toBe('SUCCESS');
    expect(mit.normalUrl).toBeUndefined();
    expect(mit.paymentResultInfo).toMatchObject({ cardToken, lastFour: '0768' });

    // Coming back to the finished page: it says so and offers no card form.
    await page.goto(normalUrl);
    await page.locator('#result-step').waitFor();
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment successful');
    await expect(page.locator('#card-step').isHidden()).resolves.toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows an invalid card number inline, from its own check and from the server\'s', async () => {
    const { paymentId, normalUrl } = await hostedPayment();
    const { page, problems } = await openPage(normalUrl);
    await page.locator('#card-step').waitFor();
    const submits: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/submit')) submits.push(r.url()); });

    await fillCard(page, '4054 6957 2310 0769');
    await expect(page.locator('#card-number-error').textContent()).resolves.toBe('This card number is not valid. Check it and try again.');
    await expect(page.getAttribute('#card-number', 'aria-invalid')).resolves.toBe('true');
    await expect(page.getAttribute('#card-number', 'aria-describedby')).resolves.toContain('card-number-error');
    await page.click('#pay-button');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('card-number');
    expect(submits).toEqual([]);

    // Fixing it clears the message as the buyer types.
    await page.fill('#card-number', '4054695723100768');
    await expect(page.locator('#card-number-error').textContent()).resolves.toBe('');
    // An expiry that passed by the sandbox clock: only the server knows, and its answer lands beside the field.
    await page.fill('#expiry', '10 / 26');
    await page.click('#pay-button');
    await page.locator(`#expiry-error:has-text("This card has expired.")`).waitFor();
    await expect(page.getAttribute('#expiry', 'aria-invalid')).resolves.toBe('true');
    expect(submits).toHaveLength(1);
    expect((await inquire(paymentId)).paymentStatus).toBe('PROCESSING');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a click on Pay from a field with a wrong value submits the form: every error shows at once, none is lost to the page moving', async () => {
    const { paymentId, normalUrl } = await hostedPayment();
    const { page, problems } = await openPage(normalUrl);
    await page.locator('#card-step').waitFor();
    await page.fill('#card-number', '4054695723100768');
    await page.fill('#expiry', '12 / 30');
    // The name is left empty and the CVV is too short; the buyer is still in the CVV field when pressing Pay.
    await page.fill('#cvv', '1');
    await page.click('#pay-button');
    await expect(page.locator('#cvv-error').textContent()).resolves.not.toBe('');
    await expect(page.locator('#cardholder-name-error').textContent()).resolves.not.toBe('');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('cvv');

    // Fixed, with the focus again in the last field typed: the same click pays.
    await page.fill('#cvv', '123');
    await page.fill('#cardholder-name', 'Tom Jay');
    await page.click('#pay-button');
    await page.waitForURL(`${shop.url}/**`);
    expect((await inquire(paymentId)).paymentStatus).toBe('SUCCESS');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('cancel returns the buyer to the shop and the payment ends CANCELLED', async () => {
    const { paymentId, normalUrl, returnUrl } = await hostedPayment();
    const { page, problems } = await openPage(normalUrl);
    await page.locator('#card-step').waitFor();
    await page.click('#cancel-button');
    await page.waitForURL(returnUrl);
    expect(await inquire(paymentId)).toMatchObject({ paymentStatus: 'CANCELLED', paymentResultCode: 'ORDER_IS_CANCELED' });
    await page.goto(normalUrl);
    await page.locator('#result-step').waitFor();
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment cancelled');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the 3DS challenge page', { timeout: 60_000 }, () => {
  async function challenge() {
    const payment = await hostedPayment();
    const opened = await openPage(payment.normalUrl);
    await opened.page.locator('#card-step').waitFor();
    await fillCard(opened.page, CHALLENGE_CARD);
    await opened.page.click('#pay-button');
    await opened.page.waitForURL(/\/3ds\/pg_/);
    await opened.page.locator('#challenge-step').waitFor();
    return { ...payment, ...opened };
  }

  it('passes with the documented code: SUCCESS, authenticated, and back to the shop', async () => {
    const { page, problems, paymentId, returnUrl } = await challenge();
    await expect(page.locator('#pass-code').textContent()).resolves.toBe('123456');
    await expect(page.locator('#card').textContent()).resolves.toBe('Visa •••• 3006');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('otp');
    await screenshot(page, 'challenge');
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await page.locator('#result-step').waitFor();
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment successful');
    const inquiry = await inquire(paymentId);
    expect(inquiry.paymentStatus).toBe('SUCCESS');
    expect(inquiry.paymentResultInfo.threeDSResult).toMatchObject({ eci: '05', challenged: true });
    await page.waitForURL(returnUrl, { timeout: 15_000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a wrong code beside the field with the tries left; the third fails: FAIL, not authenticated', async () => {
    const { page, problems, paymentId } = await challenge();
    for (const left of ['2 tries left', '1 try left']) {
      await page.fill('#otp', '000000');
      await page.click('#verify-button');
      await page.locator(`#otp-error:has-text("That code is not right. ${left}.")`).waitFor();
      await expect(page.getAttribute('#otp', 'aria-invalid')).resolves.toBe('true');
    }
    expect((await inquire(paymentId)).paymentStatus).toBe('PROCESSING');
    await page.fill('#otp', '000000');
    await page.click('#verify-button');
    await page.locator('#result-step').waitFor();
    await expect(page.locator('#result-title').textContent()).resolves.toBe('Payment declined');
    const inquiry = await inquire(paymentId);
    expect(inquiry.paymentStatus).toBe('FAIL');
    expect(inquiry.paymentResultInfo.threeDSResult).toMatchObject({ eci: '07', challenged: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
