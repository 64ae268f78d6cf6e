// Starting a sandbox for a test: in memory, manual clock, silent, with the test merchant registered.
import request from 'supertest';
import { createSandbox, type SandboxInternals as Sandbox } from '../../server/create-sandbox.ts';
import type { SandboxOptions } from '../../server/options.ts';
import { signedHeaders, testMerchant, type Merchant } from './merchant.ts';

export const PAY = '/ams/api/v1/payments/pay';
export const INQUIRY = '/ams/api/v1/payments/inquiryPayment';

export interface TestSandbox {
  sandbox: Sandbox;
  merchant: Merchant;
  /** POSTs a signed JSON body as a real SDK would; the body is sent byte for byte as given. */
  post(path: string, body: unknown, headers?: Record<string, string>): request.Test;
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const merchant = testMerchant();
  const sandbox = await createSandbox({ merchants: { [merchant.clientId]: merchant.publicKeyBase64 }, ...options });
  return {
    sandbox,
    merchant,
    post(path, body, headers = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return request(sandbox.app).post(path).set({ ...signedHeaders(merchant, path, text), ...headers }).send(text);
    },
  };
}
