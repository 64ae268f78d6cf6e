// The dashboard's Certify view in real Chromium: a tester runs the webhook certification against the
// sloppy reference merchant from the form, reads the graded report, and opens its HTML form.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, PHONE, startLiveSandbox, watchPage, type LiveSandbox } from '../hosted/browser.ts';
import { newMerchant, startReferenceMerchant, type ReferenceMerchant } from './reference-merchants.ts';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOWN = { timeout: 20_000 };

let browser: Browser;
let live: LiveSandbox;
let sloppy: ReferenceMerchant;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [browser, live] = await Promise.all([launchChromium(), startLiveSandbox()]);
  const keys = newMerchant('UI_SLOPPY');
  await live.sandbox.registerMerchant(keys.clientId, keys.publicKeyBase64);
  sloppy = await startReferenceMerchant('sloppy', keys, live.listening.url, live.sandbox.keys.publicKeyBase64);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sloppy?.close();
  await live?.listening.close();
});

async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(AXE);
  return p.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

describe('the Certify view', { timeout: 120_000 }, () => {
  it('runs the webhook certification from the form, shows the graded report and opens it as HTML', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const { problems } = watchPage(page, [live.listening.url]);
    await page.goto(`${live.listening.url}/_sandbox/ui/certify`);
    await page.getByRole('heading', { name: 'Certify', level: 1 }).waitFor(SHOWN);
    const form = page.getByRole('form', { name: 'Webhook conformance' });
    await form.getByLabel('Client id').fill('UI_SLOPPY');
    await form.getByLabel('Notify URL').fill(sloppy.notifyUrl);
    await form.getByRole('button', { name: 'Run webhook certification' }).click();
    await page.getByRole('heading', { name: 'webhook certification of UI_SLOPPY: failed' }).waitFor(SHOWN);
    const checks = page.getByRole('region', { name: 'Checks' });
    await expect.poll(() => checks.locator('tr.failed').count()).toBe(3);
    expect(await checks.locator('tr.failed').first().textContent()).toContain('a notification signed with another key is not acknowledged');
    expect(page.url()).toMatch(/\/_sandbox\/ui\/certify\/cert_/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}dashboard-certify-desktop.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
    await page.setViewportSize(PHONE);
    // Readable at 390 px: nothing wider than the screen but the tables' own scrolling regions.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}dashboard-certify-phone.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
    await page.setViewportSize(DESKTOP);

    const [html] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Open as HTML' }).click()]);
    await html.waitForLoadState();
    expect(await html.getByText('Failed: at least one graded check failed.').count()).toBe(1);
    await html.close();
    await page.close();
    expect(problems).toEqual([]);
  });
});
