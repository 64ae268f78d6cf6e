// The control plane's error catalogue: one table of code, HTTP status and message; every refusal the
// control plane answers has the { error: { code, message, status, field? } } shape with a code of that
// table; and docs/errors.md holds the table exactly as `npm run docs:errors` writes it.
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../server/api/validate.ts';
import { CONTROL_ERRORS, CONTROL_ERROR_CODES, controlError } from '../../server/http/control-errors.ts';
import { CONTROL_SCHEMAS } from '../../server/http/control-schemas.ts';
import { withErrorTable } from '../../server/http/error-table.ts';
import { PAGE_ERRORS } from '../../server/hosted/page-error.ts';
import { RESULT_CODES } from '../../server/api/result-codes.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

let t: TestSandbox;
const isControlError = createAjv().compile(CONTROL_SCHEMAS.ControlError);

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});

describe('the catalogue', () => {
  it('gives each code a client-error or server-error status, and none of Antom\'s result codes', () => {
    for (const code of CONTROL_ERROR_CODES) {
      expect(CONTROL_ERRORS[code].status, code).toBeGreaterThanOrEqual(400);
      expect(code in RESULT_CODES, `${code} is one of Antom's codes`).toBe(false);
    }
  });

  it('fills a template from its parameters, and sets field only when given', () => {
    expect(controlError('PAYMENT_NOT_FOUND', { paymentId: 'p1' }, 'paymentId')).toEqual({ code: 'PAYMENT_NOT_FOUND', status: 404, message: 'no payment p1', field: 'paymentId' });
    expect(controlError('REQUEST_NOT_FOUND', { id: 'req_9', capacity: 10 })).toEqual({
      code: 'REQUEST_NOT_FOUND', status: 404, message: 'no request req_9 in the journal (it keeps the last 10 calls)',
    });
  });
});

describe('refusals on the wire', () => {
  const cases: [string, () => request.Test, string, number][] = [
    ['an unknown route', () => request(t.sandbox.app).get('/_sandbox/nothing-here?x=1'), 'UNKNOWN_ROUTE', 404],
    ['a body that is not JSON', () => request(t.sandbox.app).post('/_sandbox/clock/advance').set('content-type', 'application/json').send('{"ms":'), 'NOT_JSON', 400],
    ['a body over 256 KiB', () => request(t.sandbox.app).post('/_sandbox/merchants').send({ clientId: 'x', publicKey: 'k'.repeat(300_000) }), 'BODY_TOO_LARGE', 413],
    ['a body against its schema', () => request(t.sandbox.app).post('/_sandbox/clock/advance').send({ ms: 'soon' }), 'INVALID_BODY', 400],
    ['a query against its schema', () => request(t.sandbox.app).get('/_sandbox/payments?limit=1001'), 'INVALID_QUERY', 400],
    ['an unknown query parameter', () => request(t.sandbox.app).get('/_sandbox/notifications?colour=red'), 'INVALID_QUERY', 400],
    ['a malformed path parameter', () => request(t.sandbox.app).get('/_sandbox/receiver/bad%20name'), 'INVALID_PATH', 400],
    ['an unknown payment', () => request(t.sandbox.app).get('/_sandbox/payments/nope'), 'PAYMENT_NOT_FOUND', 404],
    ['an unknown notification', () => request(t.sandbox.app).post('/_sandbox/notifications/ntf_nope/resend').set('x-sandbox-control', '1'), 'NOTIFICATION_NOT_FOUND', 404],
    ['a change that a web page could send', () => request(t.sandbox.app).post('/_sandbox/notifications/ntf_nope/resend'), 'FORBIDDEN_ORIGIN', 403],
    ['an unknown example', () => request(t.sandbox.app).get('/_sandbox/examples/teleport'), 'EXAMPLE_NOT_FOUND', 404],
    ['the certificate with HTTPS off', () => request(t.sandbox.app).get('/_sandbox/tls/certificate'), 'HTTPS_OFF', 404],
    ['a pin of an unknown scenario', () => request(t.sandbox.app).post('/_sandbox/scenarios/pin').send({ scenario: 'nope' }), 'INVALID_BODY', 400],
    ['a pin the engine refuses', () => request(t.sandbox.app).post('/_sandbox/scenarios/pin').send({ scenario: 'success', count: 0 }), 'INVALID_BODY', 400],
  ];

  it.each(cases)('%s: the catalogue\'s code and status, in the documented shape', async (_what, send, code, status) => {
    const res = await send();
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
    expect(res.body.error.status).toBe(status);
    expect(isControlError(res.body), JSON.stringify(res.body)).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/resultCode|at .*node_modules/);
  });

  it('names the field at fault', async () => {
    const res = await request(t.sandbox.app).get('/_sandbox/payments?offset=-1');
    expect(res.body.error).toMatchObject({ code: 'INVALID_QUERY', field: 'offset' });
    const body = await request(t.sandbox.app).post('/_sandbox/scenarios/pin').send({ scenario: 'nope' });
    expect(body.body.error).toMatchObject({ field: 'scenario', message: expect.stringMatching(/^scenario names no scenario: "nope"; known: /) });
  });
});

describe('docs/errors.md', () => {
  it('has the table of both catalogues, as npm run docs:errors writes it', async () => {
    const page = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const [got, want] = [page.split('\n'), withErrorTable(page).split('\n')];
    const first = want.findIndex((line, i) => got[i] !== line);
    expect(first < 0 && got.length === want.length ? 'in step' : `line ${first + 1} differs: run npm run docs:errors\n  page:      ${got[first]}\n  catalogue: ${want[first]}`).toBe('in step');
    for (const code of [...CONTROL_ERROR_CODES, ...Object.keys(PAGE_ERRORS)]) expect(page).toContain(`\`${code}\``);
  });

  it('refuses a page without its markers', () => {
    expect(() => withErrorTable('no markers')).toThrow(/lacks the markers/);
  });
});
