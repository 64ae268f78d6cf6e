// Driving the hosted pages' JSON routes as the page's script does (same origin, application/json), and
// reading the page token out of a normalUrl.
import request from 'supertest';
import type { SandboxInternals as Sandbox } from '../../server/create-sandbox.ts';

/** The page token of a normalUrl (…/checkout/<token> or …/3ds/<token>). */
export function pageTokenOf(normalUrl: string): string {
  const token = /\/(?:checkout|3ds)\/(pg_[\w-]+)$/.exec(normalUrl)?.[1];
  if (!token) throw new Error(`not a page URL: ${normalUrl}`);
  return token;
}

export const SUCCESS_CARD = '4054695723100768';
export const DECLINED_CARD = '4054692760174822';
export const CHALLENGE_CARD = '4000000000003006';

/** A card form as the page posts it; `overrides` replace fields (undefined removes one). */
export function cardForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const form: Record<string, unknown> = { cardNumber: '4054 6957 2310 0768', expiry: '12 / 30', cvv: '987', cardholderName: 'Tom Jay', saveCard: false, ...overrides };
  for (const [key, value] of Object.entries(form)) if (value === undefined) delete form[key];
  return form;
}

export function pages(sandbox: Sandbox) {
  const agent = () => request(sandbox.app);
  return {
    session: (path: string) => agent().get(`${path}/session`),
    submit: (token: string, form: unknown) => agent().post(`/checkout/${token}/submit`).set('content-type', 'application/json').send(JSON.stringify(form)),
    cancel: (token: string) => agent().post(`/checkout/${token}/cancel`).set('content-type', 'application/json').send('{}'),
    complete: (token: string, body: unknown) => agent().post(`/3ds/${token}/complete`).set('content-type', 'application/json').send(JSON.stringify(body)),
    get: (path: string) => agent().get(path),
  };
}
