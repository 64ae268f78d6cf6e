// Scenario files: a user's directory of YAML and JSON, rules on every field a pay offers, their order, and
// the errors that stop start-up (file, line, path and rule). Random choices repeat for a given seed.
import { access, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { cardPay, hostedPay } from '../support/bodies.ts';
import { PAY, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { passChallenge, payOverSocket, type Json } from './helpers.ts';

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-scenarios-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const RULES_YAML = `
scenarios:
  - name: my-slow-decline
    description: Declines after a short wait.
    outcome: { status: F, code: DO_NOT_HONOR, refusalCodeRaw: "05", fault: { latencyMs: 150 } }
rules:
  - { name: by-card, when: { cardNo: "5555555555554444" }, scenario: CARD_EXPIRED }
  - { name: by-bin, when: { binPrefix: ["37", "6011"] }, scenario: RESTRICTED_CARD }
  - { name: by-amount, when: { amount: { value: ["4242", "4243"], currency: USD } }, scenario: USER_BALANCE_NOT_ENOUGH }
  - { name: by-range, when: { amount: { min: "1000000", max: "1999999" } }, scenario: PAYMENT_AMOUNT_EXCEED_LIMIT }
  - { name: by-currency, when: { currency: JPY }, scenario: CARD_NOT_SUPPORTED }
  - { name: by-buyer, when: { referenceBuyerId: vip-1 }, scenario: my-slow-decline }
  - { name: by-client, when: { clientId: SANDBOX_SPECIAL }, scenario: RISK_REJECT }
  - { name: by-terminal, when: { terminalType: MINI_APP }, scenario: FRAUD_REJECT }
  - { name: by-3ds, when: { is3DSAuthentication: true, terminalType: WAP }, scenario: 3ds-frictionless }
  - { name: by-upgrade, when: { enableAuthenticationUpgrade: false, terminalType: WAP }, scenario: LOST_CARD }
  - { name: by-mit, when: { merchantInitiated: true }, scenario: 3ds-challenge }
  - { name: by-postal-code, when: { billingPostalCode: "sw1a 1aa" }, scenario: avs-Z }
  - { name: by-name, when: { cardholderName: "  jane   DOE " }, scenario: STOLEN_CARD }
  - { name: by-cvv-length, when: { cvvLength: 4, mode: card }, scenario: cvv-unavailable }
`;

const SECOND_FILE_JSON = JSON.stringify({
  rules: [
    { name: 'shadowed', when: { cardNo: '5555555555554444' }, scenario: 'PICKUP_CARD' },
    { name: 'later-file', when: { referenceBuyerId: 'late' }, scenario: 'ACCOUNT_CLOSED' },
  ],
});

describe('a directory of scenario files (--scenarios DIR)', () => {
  let t: TestSandbox;
  const setUp = async () => {
    const dir = await dirWith({ 'a-rules.yaml': RULES_YAML, 'b-more.json': SECOND_FILE_JSON, 'notes.txt': 'not a scenario file' });
    t = await startTestSandbox({ scenarioDirs: [dir] });
  };

  const code = async (card: Json = {}, top: Json = {}, headers: Record<string, string> = {}) => {
    const res = await t.post(PAY, cardPay({ env: { terminalType: 'WEB' }, ...top }, { is3DSAuthentication: false, ...card }), headers);
    return res.body.result.resultCode as string;
  };
  const order = (extra: Json) => ({ order: { ...(cardPay().order as Json), ...extra } });

  it('matches on every field a pay offers, and ignores near misses', async () => {
    await setUp();
    expect(await code({ cardNo: '5555555555554444' })).toBe('CARD_EXPIRED');
    expect(await code({ cardNo: '5555555555554444', expiryYear: '31' })).toBe('CARD_EXPIRED');
    expect(await code({ cardNo: '378282246310005', cvv: '123' })).toBe('RESTRICTED_CARD');
    expect(await code({ cardNo: '6011111111111117' })).toBe('RESTRICTED_CARD');
    expect(await code({}, { paymentAmount: { currency: 'USD', value: '4243' } })).toBe('USER_BALANCE_NOT_ENOUGH');
    expect(await code({}, { paymentAmount: { currency: 'EUR', value: '4243' } })).toBe('SUCCESS');
    expect(await code({}, { paymentAmount: { currency: 'EUR', value: '1500000' } })).toBe('PAYMENT_AMOUNT_EXCEED_LIMIT');
    expect(await code({}, { paymentAmount: { currency: 'EUR', value: '2000000' } })).toBe('SUCCESS');
    expect(await code({}, { paymentAmount: { currency: 'EUR', value: '999999' } })).toBe('SUCCESS');
    expect(await code({}, { paymentAmount: { currency: 'JPY', value: '500' } })).toBe('CARD_NOT_SUPPORTED');
    expect(await code({}, order({ buyer: { referenceBuyerId: 'vip-1' } }))).toBe('DO_NOT_HONOR');
    expect(await code({}, order({ buyer: { referenceBuyerId: 'late' } }))).toBe('ACCOUNT_CLOSED');
    expect(await code({}, {}, { 'Client-Id': 'SANDBOX_SPECIAL' })).toBe('RISK_REJECT');
    expect(await code({}, { env: { terminalType: 'MINI_APP' } })).toBe('FRAUD_REJECT');
    expect(await code({ is3DSAuthentication: true, enableAuthenticationUpgrade: true }, { env: { terminalType: 'WAP' } })).toBe('SUCCESS');
    expect(await code({ enableAuthenticationUpgrade: false }, { env: { terminalType: 'WAP' } })).toBe('LOST_CARD');
    expect(await code({ billingAddress: { zipCode: 'SW1A1AA' } })).toBe('SUCCESS');
    expect(await code({ cardholderName: { fullName: 'Jane Doe' } })).toBe('STOLEN_CARD');
    expect(await code({ cardholderName: { firstName: 'jane', lastName: 'doe' } })).toBe('STOLEN_CARD');
    expect(await code({ cardholderName: { firstName: 'Jane', lastName: 'Doer' } })).toBe('SUCCESS');
    expect(await code({ cvv: '1234' })).toBe('SUCCESS');
  });

  it('reports what the rule says, with the request flags applied', async () => {
    await setUp();
    const zip = await t.post(PAY, cardPay({}, { billingAddress: { zipCode: 'sw1a 1aa' } }));
    expect(zip.body.paymentResultInfo.avsResultRaw).toBe('Z');
    expect(zip.headers['x-sandbox-scenario-reason']).toMatch(/^rule "by-postal-code" \(.*a-rules\.yaml:\d+\)$/);
    const frictionless = await t.post(PAY, cardPay({ env: { terminalType: 'WAP' } }, { is3DSAuthentication: true }));
    expect(frictionless.body.paymentResultInfo.threeDSResult).toMatchObject({ eci: '05', challenged: false });
    const four = await t.post(PAY, cardPay({}, { cvv: '1234' }));
    expect(four.body.paymentResultInfo.cvvResultRaw).toBe('X');
  });

  it('takes the first match in load order: files by name, then each file in order', async () => {
    await setUp();
    const res = await t.post(PAY, cardPay({}, { cardNo: '5555555555554444' }));
    expect(res.body.result.resultCode).toBe('CARD_EXPIRED');
    expect(res.headers['x-sandbox-scenario-reason']).toMatch(/^rule "by-card"/);
  });

  it('a user scenario can fault the call: here a wait before the decline', async () => {
    await setUp();
    const server = await t.sandbox.listen(0);
    try {
      const res = await payOverSocket(t, server.url, cardPay(order({ buyer: { referenceBuyerId: 'vip-1' } })));
      expect(res.status).toBe(200);
      expect(res.ms).toBeGreaterThanOrEqual(140);
      expect(JSON.parse(res.text!).result.resultCode).toBe('DO_NOT_HONOR');
      expect(res.headers!.get('x-sandbox-scenario')).toBe('my-slow-decline');
    } finally {
      await server.close();
    }
  });

  it('a merchant-initiated pay (isCardOnFile, no CVV) cannot be challenged: 3DS-needing scenarios decline', async () => {
    await setUp();
    const body = cardPay({}, { isCardOnFile: true });
    delete ((body.paymentMethod as Json).paymentMethodMetaData as Json).cvv;
    const res = await t.post(PAY, body);
    expect(res.body.result).toMatchObject({ resultCode: 'AUTHENTICATION_REQUIRED', resultStatus: 'F' });
    expect(res.body.result.resultMessage).toMatch(/merchant-initiated payment has no buyer/);
    expect(res.body.paymentResultInfo).toMatchObject({ refusalCodeRaw: '1A', cvvResultRaw: 'P' });
    expect(res.headers['x-sandbox-scenario-reason']).toMatch(/merchant-initiated: no buyer to challenge, so it declines$/);
  });
});

describe('merchant-initiated transactions with the built-in catalogue', () => {
  it('succeed where no 3DS is needed, and decline where a challenge would be', async () => {
    const t = await startTestSandbox();
    const mit = (card: Json, headers: Record<string, string> = {}) => {
      const body = cardPay({}, { isCardOnFile: true, ...card });
      delete ((body.paymentMethod as Json).paymentMethodMetaData as Json).cvv;
      return t.post(PAY, body, headers);
    };
    expect((await mit({})).body.result.resultCode).toBe('SUCCESS');
    expect((await mit({ is3DSAuthentication: true })).body.result.resultCode).toBe('AUTHENTICATION_REQUIRED');
    expect((await mit({ cardNo: '4000000000003006' })).body.result.resultCode).toBe('AUTHENTICATION_REQUIRED');
    expect((await mit({ cardNo: '4000000000003030', enableAuthenticationUpgrade: true })).body.result.resultCode).toBe('AUTHENTICATION_REQUIRED');
    const frictionless = await mit({ cardNo: '4000000000003014' });
    expect(frictionless.body.result.resultCode).toBe('SUCCESS');
    expect(frictionless.body.paymentResultInfo.threeDSResult).toBeUndefined();
    // With the buyer present (a CVV is sent), the same cards challenge.
    expect((await t.post(PAY, cardPay({}, { cardNo: '4000000000003006', isCardOnFile: true }))).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });
});

describe('files as data (createSandbox({ scenarioData }))', () => {
  it('define scenarios with a 3DS challenge whose outcomes are their own', async () => {
    const t = await startTestSandbox({
      scenarioData: [{
        scenarios: [{
          name: 'strict-issuer', description: 'Challenges; a pass still fails for funds, a cancel is a plain decline.',
          outcome: {
            status: 'S', threeDS: 'challenge', threeDSVersion: '2.1.0',
            afterChallenge: { pass: { status: 'F', code: 'USER_BALANCE_NOT_ENOUGH', refusalCodeRaw: '51' }, cancel: { status: 'F', code: 'DO_NOT_HONOR' } },
          },
        }],
      }],
    });
    const res = await t.post(PAY, cardPay(), { 'x-sandbox-scenario': 'strict-issuer' });
    const settled = await passChallenge(t, res.body.paymentId);
    expect(settled.payment).toMatchObject({
      paymentStatus: 'FAIL', paymentResultCode: 'USER_BALANCE_NOT_ENOUGH',
      paymentResultInfo: { refusalCodeRaw: '51', threeDSResult: { threeDSVersion: '2.1.0', eci: '05', challenged: true } },
    });
    const cancelled = await t.post(PAY, cardPay(), { 'x-sandbox-scenario': 'strict-issuer' });
    expect((await passChallenge(t, cancelled.body.paymentId, 'cancel')).payment).toMatchObject({ paymentResultCode: 'DO_NOT_HONOR' });
  });

  it('can match hosted pays by mode, which then answer at once only for F', async () => {
    const t = await startTestSandbox({ scenarioData: [{ rules: [{ when: { mode: 'token' }, scenario: 'RISK_REJECT' }] }] });
    expect((await t.post(PAY, hostedPay())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect((await t.post(PAY, cardPay())).body.result.resultCode).toBe('SUCCESS');
  });
});

describe('a bad scenario file stops start-up with the file, the line, the path and the rule', () => {
  const cases: [string, string, string | RegExp][] = [
    ['syntax.yaml', 'rules:\n  - when: { cardNo: "4111111111111111"\n', /^syntax\.yaml:3: not valid YAML or JSON: /],
    ['typo.yaml', 'rules:\n  - whn: { clientId: X }\n    scenario: RISK_REJECT\n', 'typo.yaml:2: rules[0].whn is not allowed'],
    ['pattern.yaml', 'rules:\n  - when:\n      amount: { value: "10.50" }\n    scenario: RISK_REJECT\n', 'pattern.yaml:3: rules[0].when.amount.value must match ^[1-9][0-9]{0,15}$, or rules[0].when.amount.value must be array'],
    ['status.yaml', 'scenarios:\n  - name: x\n    description: d\n    outcome: { status: X }\n', 'status.yaml:4: scenarios[0].outcome.status must be one of S, F, U'],
    ['nocode.yaml', 'scenarios:\n  - name: x\n    description: d\n    outcome: { status: F }\n', 'nocode.yaml:4: scenarios[0].outcome.code is required when status is F'],
    ['wrongcode.yaml', 'scenarios:\n  - name: x\n    description: d\n    outcome:\n      status: F\n      code: CAPTURE_IN_PROCESS\n', /^wrongcode\.yaml:6: scenarios\[0\]\.outcome\.code must be one of the F codes of pay: PARAM_ILLEGAL, /],
    ['both.yaml', 'scenarios:\n  - name: x\n    description: d\n    outcome: { status: S }\n    choose: [{ weight: 1, outcome: { status: S } }]\n', 'both.yaml:2: scenarios[0] must have only one of outcome, sequence and choose, the pay outcome (has outcome, choose)'],
    ['then.yaml', 'scenarios:\n  - name: x\n    description: d\n    outcome: { status: S, settleAfterMs: 5 }\n', 'then.yaml:4: scenarios[0].outcome.settleAfterMs is only for status U'],
    ['dup.yaml', 'scenarios:\n  - name: DO_NOT_HONOR\n    description: d\n    outcome: { status: S }\n', /^dup\.yaml:2: scenarios\[0\]\.name "DO_NOT_HONOR" is already defined at scenarios\/11-result-codes\.yaml:\d+$/],
    ['ref.yaml', 'rules:\n  - when: { clientId: X }\n    scenario: nowhere\n', 'ref.yaml:3: rules[0].scenario names no scenario: "nowhere" (see GET /_sandbox/scenarios for the known names)'],
    ['luhn.yaml', 'testCards:\n  - cardNo: "4111111111111112"\n', 'luhn.yaml:2: testCards[0].cardNo fails the Luhn check, so pay would refuse it before any scenario'],
    ['traffic.yaml', 'scenarios:\n  - name: x\n    description: d\n    outcome: { status: S, fault: { answer: traffic-limit, processed: true } }\n', 'traffic.yaml:4: scenarios[0].outcome.fault.processed must be false for traffic-limit: a request refused for traffic was never processed'],
    ['json.json', '{\n  "rules": [\n    { "when": { "terminalType": "TV" }, "scenario": "RISK_REJECT" }\n  ]\n}\n', /^json\.json:3: rules\[0\]\.when\.terminalType must be one of WEB, WAP, APP, MINI_APP/],
    ['empty-when.yaml', 'rules:\n  - when: {}\n    scenario: RISK_REJECT\n', 'empty-when.yaml:2: rules[0].when must NOT have fewer than 1 properties'],
  ];
  for (const [file, text, message] of cases) {
    it(file, async () => {
      const dir = await dirWith({ [file]: text });
      const failure = await createSandbox({ scenarioDirs: [dir] }).then(() => undefined, (error: Error) => error);
      expect(failure?.name).toBe('ScenarioFileError');
      const shown = failure!.message.replace(`${dir}/`, '').replace(/^.*?(?=[\w-]+\.(yaml|json):)/, '');
      if (typeof message === 'string') expect(shown).toBe(message);
      else expect(shown).toMatch(message);
    });
  }

  it('a missing directory names itself', async () => {
    await expect(createSandbox({ scenarioDirs: ['/no/such/dir'] })).rejects.toThrow('/no/such/dir: cannot read scenarios (ENOENT)');
  });

  it('stops before the data directory is touched', async () => {
    const dir = await dirWith({ 'bad.yaml': 'rules: 7\n' });
    const dataDir = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-data-')), 'fresh');
    await expect(createSandbox({ dataDir, scenarioDirs: [dir] })).rejects.toThrow(/bad\.yaml:1: rules must be array/);
    await expect(access(dataDir)).rejects.toThrow(/ENOENT/);
  });

  it('inline data is checked the same way', async () => {
    await expect(createSandbox({ scenarioData: [{ rules: [{ when: { clientId: 'X' } }] }] })).rejects.toThrow('scenarioData[0]: rules[0].scenario is required');
  });

  it('a file may be given instead of a directory', async () => {
    const dir = await dirWith({ 'one.yaml': 'rules:\n  - { when: { clientId: SANDBOX_5YBX2N2ZEKA103456 }, scenario: RISK_REJECT }\n' });
    await mkdir(join(dir, 'ignored'));
    const t = await startTestSandbox({ scenarioDirs: [join(dir, 'one.yaml')] });
    expect((await t.post(PAY, cardPay())).body.result.resultCode).toBe('RISK_REJECT');
  });
});

describe('determinism: the same seed gives the same choices for the same requests', () => {
  const RANDOM = [{
    rules: [{ name: 'half', when: { referenceBuyerId: 'coin' }, scenario: 'DO_NOT_HONOR', probability: 0.5 }],
  }];

  async function outcomes(seed: number, ids: string[]) {
    const t = await startTestSandbox({ seed, scenarioData: RANDOM });
    const out: string[] = [];
    for (const id of ids) {
      const flaky = await t.post(PAY, cardPay({ paymentRequestId: `flaky-${id}` }), { 'x-sandbox-scenario': 'flaky-issuer' });
      const coin = await t.post(PAY, cardPay({ paymentRequestId: `coin-${id}`, order: { buyer: { referenceBuyerId: 'coin' } } }));
      const challenged = await t.post(PAY, cardPay({ paymentRequestId: `3ds-${id}` }), { 'x-sandbox-scenario': '3ds-frictionless' });
      out.push(`${flaky.body.result.resultCode}/${coin.body.result.resultCode}/${challenged.body.paymentResultInfo.threeDSResult.cavv}/${challenged.body.paymentResultInfo.authorizationCode}`);
    }
    return out;
  }

  it('across sandboxes and request order, and differs for another seed', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => `r${i}`);
    const a = await outcomes(7, ids);
    const b = await outcomes(7, [...ids].reverse());
    expect(b.reverse()).toEqual(a);
    const c = await outcomes(8, ids);
    expect(c).not.toEqual(a);
    const codes = a.join(' ');
    expect(codes).toMatch(/SUCCESS\//);
    expect(codes).toMatch(/DO_NOT_HONOR\//);
    expect(codes).toMatch(/\/DO_NOT_HONOR\//);
    expect(codes).toMatch(/\/SUCCESS\//);
  });
});
