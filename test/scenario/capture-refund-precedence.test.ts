// How a capture's or refund's outcome is chosen, first match wins as for pay: header, pin, the user's
// rules, the built-in catalogue, the default. A scenario decides only the operations it has an outcome for,
// so pay pins and capture pins live side by side; rules in files match a capture on its own amount and on
// its payment; a capture rule that can never match stops start-up with the file, line, path and rule.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { cardPay } from '../support/bodies.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { CAPTURE, captureBody, REFUND, refundBody } from '../payment/lifecycle-http.ts';
import { control, type Json } from './helpers.ts';

let t: TestSandbox;
beforeEach(async () => {
  t = await startTestSandbox({
    startAt: Date.parse('2026-11-25T12:00:00Z'),
    scenarioData: [{ rules: [{ name: 'slow-buyer', when: { referenceBuyerId: 'rule-buyer' }, scenario: 'CAPTURE_IN_PROCESS' }] }],
  });
});

const buyer = (id: string) => ({ order: { ...(cardPay().order as Json), buyer: { referenceBuyerId: id } } });
const pin = (body: Json) => control(t).post('/_sandbox/scenarios/pin').send(body);
const pins = async () => (await control(t).get('/_sandbox/scenarios/pins')).body.pins as Json[];

async function authorize(top: Json = {}, card: Json = {}, headers: Record<string, string> = {}): Promise<string> {
  const res = await t.post(PAY, cardPay(top, card), headers);
  expect(res.body.result.resultCode).toBe('SUCCESS');
  return res.body.paymentId as string;
}

/** A capture, with the scenario the answer names and the one recorded on the capture. */
async function captureOf(paymentId: string, value: string, headers: Record<string, string> = {}) {
  const res = await t.post(CAPTURE, captureBody(paymentId, value), headers);
  const shown = (await control(t).get(`/_sandbox/payments/${paymentId}`)).body as { captures?: { captureId: string; scenario: Json }[] };
  const recorded = shown.captures?.find((c) => c.captureId === res.body.captureId)?.scenario;
  return {
    code: res.body.result.resultCode as string, scenario: res.headers['x-sandbox-scenario'], reason: res.headers['x-sandbox-scenario-reason'],
    source: recorded?.source, recorded, body: res.body,
  };
}

describe('first match wins, for captures too', () => {
  it('header over pin over rules over the catalogue over the default', async () => {
    const ruled = await authorize(buyer('rule-buyer'));
    const plain = await authorize(buyer('someone-else'));
    // The catalogue: amount 7004 declines a capture at once.
    expect(await captureOf(plain, '7004')).toMatchObject({ code: 'PROCESS_FAIL', scenario: 'capture-declined', source: 'amount' });
    // A rule beats the catalogue.
    expect(await captureOf(ruled, '7004')).toMatchObject({ code: 'CAPTURE_IN_PROCESS', scenario: 'CAPTURE_IN_PROCESS', source: 'rule', reason: 'rule "slow-buyer" (scenarioData[0])' });
    // A pin beats the rule.
    expect((await pin({ scenario: 'capture-risk-rejected' })).status).toBe(201);
    expect(await captureOf(ruled, '7004')).toMatchObject({ code: 'RISK_REJECT', source: 'pin', reason: 'pinned from the control plane, until unpinned' });
    // The header beats the pin.
    expect(await captureOf(ruled, '7004', { 'x-sandbox-scenario': 'success' })).toMatchObject({ code: 'SUCCESS', source: 'header', reason: 'asked for by the x-sandbox-scenario request header' });
    await control(t).delete('/_sandbox/scenarios/pin').set('x-sandbox-control', '1').expect(200);
    // Nothing chooses: the default.
    expect(await captureOf(plain, '1000')).toMatchObject({
      code: 'SUCCESS', scenario: 'success', source: 'default', reason: 'no header, pin or rule chooses for this capture: the default is success',
    });
  });

  it('refunds follow the same order', async () => {
    const paymentId = await authorize(buyer('someone-else'));
    await t.post(CAPTURE, captureBody(paymentId, '30000'));
    const refund = async (value: string, headers: Record<string, string> = {}) => {
      const res = await t.post(REFUND, refundBody(paymentId, value), headers);
      return `${res.body.result.resultCode} ${String(res.headers['x-sandbox-scenario'])}`;
    };
    expect(await refund('7004')).toBe('PROCESS_FAIL refund-declined');
    await pin({ scenario: 'refund-risk-rejected', count: 1 });
    expect(await refund('7004', { 'x-sandbox-scenario': 'REFUND_IN_PROCESS' })).toBe('REFUND_IN_PROCESS REFUND_IN_PROCESS');
    expect(await refund('7004')).toBe('RISK_REJECT refund-risk-rejected');
    expect(await refund('1000')).toBe('SUCCESS success');
    const shown = (await control(t).get(`/_sandbox/payments/${paymentId}`)).body as { refunds: { status: string; scenario: Json }[] };
    expect(shown.refunds.map((r) => `${r.status} ${String(r.scenario.name)} ${String(r.scenario.source)}`)).toEqual([
      'FAIL refund-declined amount', 'PROCESSING REFUND_IN_PROCESS header', 'FAIL refund-risk-rejected pin', 'SUCCESS success default',
    ]);
  });
});

describe('the x-sandbox-scenario header on a capture or refund', () => {
  it('an unknown name answers PARAM_ILLEGAL listing the known names, and keeps nothing', async () => {
    const paymentId = await authorize();
    const res = await t.post(CAPTURE, captureBody(paymentId, '1000'), { 'x-sandbox-scenario': 'no-such-thing' });
    expect(res.body).toEqual({
      result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: expect.stringMatching(/^x-sandbox-scenario names no scenario: "no-such-thing"; known: success, .*capture-declined, .*PARTIAL_REFUND_NOT_SUPPORTED/) },
    });
    expect((await control(t).get(`/_sandbox/payments/${paymentId}`)).body.captures).toBeUndefined();
    await t.post(CAPTURE, captureBody(paymentId, '30000'));
    const refund = await t.post(REFUND, refundBody(paymentId, '1000'), { 'x-sandbox-scenario': 'nope' });
    expect(refund.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultMessage: expect.stringMatching(/^x-sandbox-scenario names no scenario: "nope"/) });
  });

  it('a scenario with no outcome for the operation is passed over, and the reason says so', async () => {
    const paymentId = await authorize();
    const capture = await captureOf(paymentId, '7004', { 'x-sandbox-scenario': 'DO_NOT_HONOR' });
    expect(capture).toMatchObject({ code: 'PROCESS_FAIL', scenario: 'capture-declined', source: 'amount' });
    expect(capture.reason).toMatch(/; x-sandbox-scenario DO_NOT_HONOR passed over: it has no capture outcome$/);
    // And the other way round: a capture scenario asked for on a pay.
    const pay = await t.post(PAY, cardPay(), { 'x-sandbox-scenario': 'capture-declined' });
    expect(pay.body.result.resultCode).toBe('SUCCESS');
    expect(pay.headers['x-sandbox-scenario']).toBe('success');
    expect(pay.headers['x-sandbox-scenario-reason']).toBe('a valid card with no scenario: the default is success; x-sandbox-scenario capture-declined passed over: it has no pay outcome');
  });
});

describe('pins and captures', () => {
  it('a capture pin is counted down by captures only, and says what it decides', async () => {
    const created = await pin({ scenario: 'capture-declined', count: 2 });
    expect(created.body.pin).toMatchObject({ scenario: 'capture-declined', operations: ['capture'], remaining: 2 });
    // A pay is not the pin's to decide: it succeeds and leaves the count alone.
    const paymentId = await authorize();
    expect((await pins())[0]).toMatchObject({ remaining: 2 });
    expect(await captureOf(paymentId, '1000')).toMatchObject({ code: 'PROCESS_FAIL', source: 'pin', reason: 'pinned from the control plane, 2 uses left before this one' });
    expect((await pins())[0]).toMatchObject({ remaining: 1 });
    expect(await captureOf(paymentId, '1000')).toMatchObject({ code: 'PROCESS_FAIL', source: 'pin' });
    expect(await pins()).toEqual([]);
    expect(await captureOf(paymentId, '1000')).toMatchObject({ code: 'SUCCESS', source: 'default' });
  });

  it('a pin of a pay scenario leaves captures alone, and a capture pin leaves it in force', async () => {
    await pin({ scenario: 'DO_NOT_HONOR', count: 5 });
    await pin({ scenario: 'CAPTURE_IN_PROCESS' });
    expect((await pins()).map((p) => `${String(p.scenario)} ${(p.operations as string[]).join('+')}`)).toEqual(['DO_NOT_HONOR pay', 'CAPTURE_IN_PROCESS capture']);
    expect((await t.post(PAY, cardPay())).body.result.resultCode).toBe('DO_NOT_HONOR');
    const paymentId = await authorize({}, {}, { 'x-sandbox-scenario': 'success' });
    expect(await captureOf(paymentId, '1000')).toMatchObject({ code: 'CAPTURE_IN_PROCESS', source: 'pin' });
    // The pay pin counted the pay it declined, not the capture nor the pay the header chose.
    expect((await pins()).find((p) => p.scenario === 'DO_NOT_HONOR')).toMatchObject({ remaining: 4 });
    // Pinning again replaces only the pin deciding the same operation.
    await pin({ scenario: 'capture-declined' });
    expect((await pins()).map((p) => p.scenario)).toEqual(['DO_NOT_HONOR', 'capture-declined']);
    await pin({ scenario: 'success' });
    expect((await pins()).map((p) => `${String(p.scenario)} ${(p.operations as string[]).join('+')}`)).toEqual(['success pay+capture+refund']);
  });

  it('a pin for one merchant comes before a pin for everyone', async () => {
    await pin({ scenario: 'capture-declined' });
    await pin({ scenario: 'capture-risk-rejected', clientId: t.merchant.clientId });
    const paymentId = await authorize();
    expect(await captureOf(paymentId, '1000')).toMatchObject({ code: 'RISK_REJECT', reason: `pinned from the control plane for ${t.merchant.clientId}, until unpinned` });
    await control(t).delete(`/_sandbox/scenarios/pin?clientId=${t.merchant.clientId}`).set('x-sandbox-control', '1').expect(200);
    expect(await captureOf(paymentId, '1000')).toMatchObject({ code: 'PROCESS_FAIL' });
  });

  it('a pin whose scenario is only for a later capture is not used up by the first', async () => {
    await pin({ scenario: 'MULTI_CAPTURE_NOT_SUPPORTED', count: 1 });
    const paymentId = await authorize();
    const first = await captureOf(paymentId, '1000');
    expect(first).toMatchObject({ code: 'SUCCESS', source: 'default' });
    expect(first.reason).toMatch(/; pinned MULTI_CAPTURE_NOT_SUPPORTED passed over: it is only for a capture after one that succeeded or is in process$/);
    expect((await pins())[0]).toMatchObject({ remaining: 1 });
    expect((await captureOf(paymentId, '1000')).code).toBe('MULTI_CAPTURE_NOT_SUPPORTED');
    expect(await pins()).toEqual([]);
  });
});

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-capture-rules-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const RULES_YAML = `
scenarios:
  - name: slow-big-captures
    description: Captures of EUR 200 or more stay in process 5 minutes, then succeed.
    capture: { status: U, settleAfterMs: 300000 }
  - name: blocked
    description: Everything this buyer does is refused.
    outcome: { status: F, code: DO_NOT_HONOR }
    capture: { status: F, code: RISK_REJECT }
    refund: { status: F, code: RISK_REJECT }
rules:
  - { name: big-captures, when: { amount: { min: "20000", currency: EUR } }, scenario: slow-big-captures }
  - { name: amex-captures, when: { binPrefix: "37" }, scenario: capture-declined }
  - { name: blocked-captures, when: { referenceBuyerId: blocked, operation: capture }, scenario: blocked }
  - { name: yen-refunds, when: { currency: JPY, clientId: SANDBOX_NOBODY }, scenario: refund-declined }
`;

describe('rules in scenario files decide captures and refunds', () => {
  it('match a capture on its own amount, and on its payment\'s card and buyer', async () => {
    const dir = await dirWith({ 'captures.yaml': RULES_YAML });
    t = await startTestSandbox({ scenarioDirs: [dir] });
    // A pay of the same amount is not the rule's: slow-big-captures has no pay outcome.
    const paymentId = await authorize();
    const big = await captureOf(paymentId, '25000');
    expect(big).toMatchObject({ code: 'CAPTURE_IN_PROCESS', scenario: 'slow-big-captures', source: 'rule' });
    expect(big.reason).toMatch(/^rule "big-captures" \(.*captures\.yaml:\d+\)$/);
    expect(await captureOf(paymentId, '5000')).toMatchObject({ code: 'SUCCESS', source: 'default' });
    expect(await captureOf(await authorize({ paymentAmount: { currency: 'EUR', value: '25000' } }), '19999')).toMatchObject({ code: 'SUCCESS' });
    const amex = await authorize({}, { cardNo: '378282246310005', cvv: '1234' });
    expect(await captureOf(amex, '1000')).toMatchObject({ code: 'PROCESS_FAIL', reason: expect.stringMatching(/^rule "amex-captures"/) });
    // operation: capture keeps a scenario that also decides pays to captures.
    const blocked = await authorize(buyer('blocked'));
    expect(await captureOf(blocked, '1000')).toMatchObject({ code: 'RISK_REJECT', scenario: 'blocked' });
    const listed = (await control(t).get('/_sandbox/scenarios/blocked')).body;
    expect(listed).toMatchObject({
      operations: ['pay', 'capture', 'refund'], outcome: 'pay: F DO_NOT_HONOR; capture: F RISK_REJECT; refund: F RISK_REJECT',
      triggers: [{ kind: 'rule', label: 'rule "blocked-captures"', when: { referenceBuyerId: 'blocked', operation: 'capture' } }],
    });
  });
});

describe('a bad capture or refund rule stops start-up with the file, the line, the path and the rule', () => {
  const cases: [string, string, string | RegExp][] = [
    ['postal.yaml', 'rules:\n  - when: { billingPostalCode: "00000" }\n    scenario: capture-declined\n',
      'postal.yaml:2: rules[0].when.billingPostalCode cannot match a capture: only a pay has billingPostalCode; a rule for a capture or refund matches on clientId, amount, currency, binPrefix, referenceBuyerId, terminalType, mode, paymentMethodType, operation'],
    ['cvv.yaml', 'rules:\n  - name: short-cvv\n    when:\n      operation: [capture, refund]\n      cvvLength: 3\n    scenario: success\n',
      /^cvv\.yaml:5: rules\[0\]\.when\.cvvLength cannot match a capture or refund: only a pay has cvvLength; /],
    ['operation.yaml', 'rules:\n  - when: { clientId: X, operation: refund }\n    scenario: capture-declined\n',
      'operation.yaml:2: rules[0].when.operation names refund, but scenario "capture-declined" has no refund outcome (it has capture)'],
    ['card.yaml', 'testCards:\n  - cardNo: "4111111111111111"\n    scenario: capture-declined\n',
      /^card\.yaml:3: testCards\[0\]\.scenario cannot match a capture: only a pay has cardNo; /],
    ['code.yaml', 'scenarios:\n  - name: x\n    description: d\n    capture:\n      status: F\n      code: DO_NOT_HONOR\n',
      'code.yaml:6: scenarios[0].capture.code must be one of the F codes of capture: PROCESS_FAIL, RISK_REJECT, MULTI_CAPTURE_NOT_SUPPORTED'],
    ['refusal.yaml', 'scenarios:\n  - name: x\n    description: d\n    refund: { status: F, code: MULTI_CAPTURE_NOT_SUPPORTED }\n',
      'refusal.yaml:4: scenarios[0].refund.code must be one of the F codes of refund: PROCESS_FAIL, RISK_REJECT, PARTIAL_REFUND_NOT_SUPPORTED'],
    ['later.yaml', 'scenarios:\n  - name: x\n    description: d\n    capture: { status: U, settleAfterMs: 1000, then: { status: F, code: MULTI_CAPTURE_NOT_SUPPORTED } }\n',
      'later.yaml:4: scenarios[0].capture.then.code must be one of the F codes a capture in process can end in: PROCESS_FAIL, RISK_REJECT'],
    ['in-process.yaml', 'scenarios:\n  - name: x\n    description: d\n    refund: { status: U, code: CAPTURE_IN_PROCESS }\n',
      'in-process.yaml:4: scenarios[0].refund.code must be REFUND_IN_PROCESS (or left out) when status is U; put the later answer in "then"'],
    ['then.yaml', 'scenarios:\n  - name: x\n    description: d\n    capture: { status: F, code: PROCESS_FAIL, then: { status: S } }\n',
      'then.yaml:4: scenarios[0].capture.then is only for status U'],
    ['by-hand.yaml', 'scenarios:\n  - name: x\n    description: d\n    refund:\n      status: U\n      then: { status: S }\n',
      'by-hand.yaml:6: scenarios[0].refund.then needs settleAfterMs: without it the refund stays in process until settled by hand, and the settle request says how it ends'],
    ['typo.yaml', 'scenarios:\n  - name: x\n    description: d\n    capture:\n      status: U\n      settleAfter: 5000\n',
      'typo.yaml:6: scenarios[0].capture.settleAfter is not allowed'],
    ['applies.yaml', 'scenarios:\n  - name: x\n    description: d\n    refund: { status: S, appliesTo: second }\n',
      /^applies\.yaml:4: scenarios\[0\]\.refund\.appliesTo must be one of all, first, later, partial, full/],
    ['none.yaml', 'scenarios:\n  - name: x\n    description: d\n',
      'none.yaml:2: scenarios[0] must have an outcome for pay (outcome, sequence or choose), for capture or for refund (has none)'],
  ];
  for (const [file, text, message] of cases) {
    it(file, async () => {
      const dir = await dirWith({ [file]: text });
      const failure = await createSandbox({ scenarioDirs: [dir] }).then(() => undefined, (error: Error) => error);
      expect(failure?.name).toBe('ScenarioFileError');
      const shown = failure!.message.replace(/^.*?(?=[\w-]+\.(yaml|json):)/, '');
      if (typeof message === 'string') expect(shown).toBe(message);
      else expect(shown).toMatch(message);
    });
  }
});

describe('GET /_sandbox/scenarios', () => {
  it('lists the capture and refund scenarios with what they decide, their outcome and their triggers', async () => {
    const byName = new Map(((await control(t).get('/_sandbox/scenarios')).body.scenarios as Json[]).map((s) => [s.name, s]));
    expect(byName.get('capture-in-process-then-success')).toMatchObject({
      builtIn: true, operations: ['capture'], outcome: 'capture: U CAPTURE_IN_PROCESS, then S SUCCESS after 2 min',
      outcomes: { capture: 'U CAPTURE_IN_PROCESS, then S SUCCESS after 2 min' },
      triggers: [{ kind: 'amount', label: 'amount 7001', origin: expect.stringMatching(/^scenarios\/60-capture-refund\.yaml:\d+$/) }],
    });
    expect(byName.get('PARTIAL_REFUND_NOT_SUPPORTED')).toMatchObject({
      operations: ['refund'], outcome: 'refund: a refund of less than what is left to refund: F PARTIAL_REFUND_NOT_SUPPORTED, not kept', triggers: [],
    });
    expect(byName.get('success')).toMatchObject({ operations: ['pay', 'capture', 'refund'], outcome: 'S SUCCESS' });
    expect((byName.get('success')!.triggers as Json[])).toContainEqual({ kind: 'default', label: 'a capture or refund that no header, pin or rule chooses for', origin: 'built-in' });
    // The rule of this sandbox's data decides captures only: its scenario has no other outcome.
    expect(byName.get('CAPTURE_IN_PROCESS')!.triggers).toContainEqual(expect.objectContaining({ kind: 'rule', label: 'rule "slow-buyer"' }));
    expect(byName.get('DO_NOT_HONOR')).toMatchObject({ operations: ['pay'], outcomes: { pay: 'F DO_NOT_HONOR (refusal 05)' } });
  });
});
