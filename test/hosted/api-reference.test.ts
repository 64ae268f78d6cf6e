// The API references (/_sandbox/reference and /_sandbox/reference/control) in real Chromium, with every
// request outside the sandbox refused: Redoc's bundle and the documents come from the sandbox itself, so
// the reference reads offline.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, SCREENSHOTS, startLiveSandbox, watchPage, type LiveSandbox } from './browser.ts';

let browser: Browser;
let live: LiveSandbox;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [browser, live] = await Promise.all([launchChromium(), startLiveSandbox()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.listening.close();
});

async function openReference(path: string) {
  const page = await browser.newPage({ viewport: DESKTOP });
  const { problems } = watchPage(page, [live.listening.url]);
  // Offline: anything not served by the sandbox fails, as it would without a network.
  await page.route((url) => !url.href.startsWith(`${live.listening.url}/`) && url.protocol !== 'data:' && url.protocol !== 'blob:', (route) => route.abort());
  await page.goto(`${live.listening.url}${path}`);
  return { page, problems };
}

describe('the API reference', () => {
  it('renders the merchant API with its operations, result codes and webhooks, offline', async () => {
    const { page, problems } = await openReference('/_sandbox/reference');
    await page.getByRole('heading', { name: 'Pay by card' }).first().waitFor({ timeout: 20_000 });
    for (const name of ['Inquire a payment', 'Capture an authorization', 'Save a card as a cardToken']) {
      await expect(page.getByRole('heading', { name }).first().isVisible()).resolves.toBe(true);
    }
    await expect(page.getByText('DO_NOT_HONOR').first().count()).resolves.toBe(1);
    await expect(page.getByText('A payment reached a final state').first().count()).resolves.toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}reference-desktop.png` });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders the control plane the same way', async () => {
    const { page, problems } = await openReference('/_sandbox/reference/control');
    await page.getByRole('heading', { name: 'Pin a scenario for a number of calls and/or a time' }).first().waitFor({ timeout: 20_000 });
    await expect(page.getByRole('heading', { name: 'Move the clock forward, running everything that falls due first' }).first().isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
