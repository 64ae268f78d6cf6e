// The sandbox wallet page in real Chromium: WEB pay -> normalUrl -> the page with its QR code -> Pay ->
// back at the merchant's paymentRedirectUrl -> signed notifyPayment S at a real receiver -> inquiry
// SUCCESS; on a phone, the app link lands on the same page and Decline -> F; closing the page and moving
// the clock past the expiry -> the expiry result. Each view is scanned with axe-core, and the phone and
// desktop screenshots for docs/wallets.md are written here (docs/screenshots/).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, PHONE, startLiveSandbox, watchPage, type LiveSandbox } from '../hosted/browser.ts';
import { rsa256Verify, signatureValue } from '../support/merchant.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { INQUIRY, PAY } from '../support/sandbox.ts';
import { walletPay } from './bodies.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOWN = { timeout: 15_000 };

let browser: Browser;
let live: LiveSandbox;
let receiver: Receiver;
let publicKey: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [browser, live, receiver] = await Promise.all([launchChromium(), startLiveSandbox(), startReceiver()]);
  publicKey = ((await (await fetch(`${live.listening.url}/_sandbox/keys`)).json()) as { publicKey: string }).publicKey;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.listening.close();
  await receiver?.close();
});

async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(AXE);
  return p.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

async function openPage(viewport: typeof DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const { problems } = watchPage(page, [live.listening.url, receiver.url]);
  return { page, problems };
}

const pay = (type: string, terminal: string, tag: string) => live.call(PAY, walletPay(type, terminal, {
  paymentNotifyUrl: `${receiver.url}/notify/${tag}`,
  paymentRedirectUrl: `${receiver.url}/return/${tag}`,
  order: { referenceOrderId: `ORDER-${tag}`, orderDescription: 'Two cups of tea', orderAmount: { currency: 'PHP', value: '25000' } },
  paymentAmount: { currency: 'PHP', value: '25000' },
}));

/** The notification the receiver got on this path, its signature checked with the sandbox's key. */
async function notification(paymentId: string, path: string): Promise<Record<string, unknown>> {
  await live.sandbox.notifications.waitForAttempt({ paymentId });
  const got = receiver.received.find((r) => r.path === path)!;
  const content = `POST ${path}\n${got.headers['client-id']}.${got.headers['request-time']}.${got.body}`;
  expect(rsa256Verify(content, signatureValue(got.headers.signature as string), publicKey)).toBe(true);
  return JSON.parse(got.body) as Record<string, unknown>;
}

describe('the sandbox wallet page', { timeout: 120_000 }, () => {
  it('WEB: normalUrl shows the QR code; Pay returns to the shop, notifyPayment S is signed, inquiry says SUCCESS', async () => {
    const answer = await pay('GCASH', 'WEB', 'web');
    expect(answer.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const { page, problems } = await openPage(DESKTOP);
    await page.goto(answer.normalUrl as string);
    await page.getByRole('heading', { name: 'Confirm the payment' }).waitFor(SHOWN);
    await expect.poll(() => page.locator('#wallet-name').textContent()).toBe('GCash');
    expect(await page.locator('#amount').textContent()).toBe('₱250.00');
    expect(await page.locator('#order-ref').textContent()).toBe('ORDER-web');
    const qr = page.getByRole('img', { name: /QR code/ });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await qr.isVisible()).toBe(true);
    // The image the page shows is the one orderCodeForm names.
    const image = (answer.orderCodeForm as { codeDetails: { codeValue: string; displayType: string }[] }).codeDetails.find((d) => d.displayType === 'BIGIMAGE')!;
    const svg = await fetch(image.codeValue);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/^<svg /);

    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}wallet-desktop.png`, fullPage: true, animations: 'disabled', caret: 'hide' });

    await page.getByRole('button', { name: 'Pay ₱250.00' }).click();
    await page.waitForURL(`${receiver.url}/return/web`, SHOWN);
    const body = await notification(answer.paymentId as string, '/notify/web');
    expect(body).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId: answer.paymentId, result: { resultStatus: 'S', resultCode: 'SUCCESS' } });
    expect((await live.call(INQUIRY, { paymentId: answer.paymentId })).paymentStatus).toBe('SUCCESS');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('phone: the applinkUrl lands on the same page, without the QR code; Decline returns to the shop and notifies F', async () => {
    const answer = await pay('TRUEMONEY', 'WAP', 'phone');
    const { page, problems } = await openPage(PHONE);
    await page.goto(answer.applinkUrl as string);
    expect(new URL(page.url()).pathname).toBe(new URL(answer.normalUrl as string).pathname);
    await page.getByRole('heading', { name: 'Confirm the payment' }).waitFor(SHOWN);
    await expect.poll(() => page.locator('#wallet-name').textContent()).toBe('TrueMoney');
    expect(await page.locator('#qr').isVisible()).toBe(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}wallet-phone.png`, fullPage: true, animations: 'disabled', caret: 'hide' });

    await page.getByRole('button', { name: 'Decline' }).click();
    await page.waitForURL(`${receiver.url}/return/phone`, SHOWN);
    const body = await notification(answer.paymentId as string, '/notify/phone');
    expect(body).toMatchObject({ result: { resultStatus: 'F', resultCode: 'PROCESS_FAIL' } });
    expect((await live.call(INQUIRY, { paymentId: answer.paymentId })).paymentStatus).toBe('FAIL');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('abandon: closing the page sends nothing; past the expiry the shop gets F ORDER_IS_CLOSED and the page says expired', async () => {
    const answer = await pay('ALIPAY_CN', 'WEB', 'abandon');
    const first = await openPage(DESKTOP);
    await first.page.goto(answer.normalUrl as string);
    await first.page.getByRole('heading', { name: 'Confirm the payment' }).waitFor(SHOWN);
    await first.page.close();
    expect(receiver.received.filter((r) => r.path === '/notify/abandon')).toEqual([]);

    await live.sandbox.clock.advance(14 * 60_000);
    const body = await notification(answer.paymentId as string, '/notify/abandon');
    expect(body).toMatchObject({ result: { resultStatus: 'F', resultCode: 'ORDER_IS_CLOSED' } });
    expect((await live.call(INQUIRY, { paymentId: answer.paymentId })).paymentStatus).toBe('FAIL');

    const again = await openPage(DESKTOP);
    await again.page.goto(answer.normalUrl as string);
    await again.page.getByRole('heading', { name: 'This payment has expired' }).waitFor(SHOWN);
    expect(await seriousViolations(again.page)).toEqual([]);
    await again.page.close();
    expect([...first.problems, ...again.problems]).toEqual([]);
  });
});
