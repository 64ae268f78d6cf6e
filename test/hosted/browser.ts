// What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded browser),
// a sandbox listening on a real port, and a merchant stub on 127.0.0.1 that receives both the buyer's
// return (paymentRedirectUrl) and the notification.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSandbox, type Listening, type SandboxInternals as Sandbox } from '../../server/create-sandbox.ts';
import { signedHeaders, testMerchant, type Merchant } from '../support/merchant.ts';
import { ACK } from '../support/receiver.ts';

export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface MerchantStub {
  url: string;
  /** Every request, in order: the buyer's returns (GET) and the notifications (POST). */
  received: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

export async function startMerchantStub(): Promise<MerchantStub> {
  const received: MerchantStub['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      if (req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(ACK);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Shop</title><h1>Back at the shop</h1>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A merchant API answer, read as freely as supertest's res.body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = Record<string, any>;

export interface LiveSandbox {
  sandbox: Sandbox;
  merchant: Merchant;
  listening: Listening;
  /** A signed merchant call over real HTTP, so normalUrl points at the listening sandbox. */
  call(path: string, body: unknown): Promise<Answer>;
}

export async function startLiveSandbox(): Promise<LiveSandbox> {
  const merchant = testMerchant();
  const sandbox = await createSandbox({ merchants: { [merchant.clientId]: merchant.publicKeyBase64 }, startAt: Date.parse('2026-11-25T12:00:00Z') });
  const listening = await sandbox.listen();
  return {
    sandbox, merchant, listening,
    async call(path, body) {
      const text = JSON.stringify(body);
      const res = await fetch(`${listening.url}${path}`, { method: 'POST', headers: signedHeaders(merchant, path, text), body: text });
      return (await res.json()) as Answer;
    },
  };
}

/**
 * Records what would show a broken page: script errors, console errors (a CSP violation is one) and any
 * request that leaves the sandbox and the merchant stub.
 */
export function watchPage(page: Page, allowedOrigins: string[]): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx answer the page expects (a refused card) is logged by Chromium as a failed resource load.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !allowedOrigins.some((origin) => url.startsWith(`${origin}/`))) problems.push(`request outside the sandbox: ${url}`);
  });
  return { problems };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
