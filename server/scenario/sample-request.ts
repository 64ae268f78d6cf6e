// The request that triggers a scenario, as a tester would send it (GET /_sandbox/scenarios/:name/request):
// a card pay shaped by the scenario's first deterministic trigger (a test card, an amount, a postal code,
// a rule's fields), or, for a scenario no request field reaches (or a capture or refund scenario), the
// x-sandbox-scenario header. Built from the catalogue, so a scenario file's own rules get samples too.
import type { MatchSpec, ScenarioOperation } from '../../schemas/scenario-file.ts';
import type { Catalogue } from './catalogue-types.ts';
import type { CompiledRule } from './match-rules.ts';
import { DEFAULT_SCENARIO } from './pick-outcome.ts';

export interface SampleRequest {
  scenario: string;
  operation: ScenarioOperation;
  /** What in the request chooses the scenario, e.g. "test card 4054692760174822" or "the x-sandbox-scenario header". */
  trigger: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The same as a shell command (no signature: the sandbox accepts it in signature mode warn or off). */
  curl: string;
}

export interface SampleContext {
  /** Where the sandbox is reached, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  clientId: string;
  /** Fresh ids for paymentRequestId and friends, so the sample can be sent more than once. */
  requestId: string;
  /** Sandbox time, for request-time. */
  now: number;
}

const PATHS: Record<ScenarioOperation, string> = {
  pay: '/ams/api/v1/payments/pay',
  capture: '/ams/api/v1/payments/capture',
  refund: '/ams/api/v1/payments/refund',
};

const SUCCESS_CARD = '4054695723100768';
const first = <T>(value: T | readonly T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value as T | undefined);

function cardPay(ctx: SampleContext): Record<string, unknown> {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: `PAY_${ctx.requestId}`,
    order: { orderAmount: { currency: 'USD', value: '1000' }, orderDescription: 'Sample order', referenceOrderId: `ORDER_${ctx.requestId}` },
    paymentAmount: { currency: 'USD', value: '1000' },
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: {
        cardNo: SUCCESS_CARD, expiryMonth: '12', expiryYear: '30', cvv: '123',
        cardholderName: { firstName: 'Tom', lastName: 'Jay', fullName: 'Tom Jay' },
      },
    },
    paymentNotifyUrl: `${ctx.baseUrl}/_sandbox/receiver/sample`,
    env: { terminalType: 'WEB' },
  };
}

/** Which rule fields a sample can set; a rule with any other field (a BIN prefix, say) is passed over. */
const SETTABLE = new Set<keyof MatchSpec>([
  'cardNo', 'amount', 'currency', 'referenceBuyerId', 'clientId', 'terminalType', 'is3DSAuthentication', 'enableAuthenticationUpgrade',
  'merchantInitiated', 'billingPostalCode', 'cardholderName', 'cvvLength', 'mode', 'operation',
]);

/** The card pay with the rule's fields set; undefined when the rule asks for what a sample cannot set. */
function payFor(when: MatchSpec, ctx: SampleContext): { body: Record<string, unknown>; clientId?: string } | undefined {
  if (Object.keys(when).some((key) => !SETTABLE.has(key as keyof MatchSpec))) return undefined;
  const operations = when.operation === undefined ? ['pay'] : [when.operation].flat();
  const modes = when.mode === undefined ? ['card'] : [when.mode].flat();
  if (!operations.includes('pay') || !modes.includes('card')) return undefined;
  const body = cardPay(ctx);
  const meta = (body.paymentMethod as { paymentMethodMetaData: Record<string, unknown> }).paymentMethodMetaData;
  const cardNo = first(when.cardNo);
  if (cardNo) meta.cardNo = cardNo;
  // American Express takes a 4-digit code; every other card 3.
  if (/^3[47]/.test(String(meta.cardNo))) meta.cvv = '1234';
  const currency = first(when.amount?.currency) ?? first(when.currency);
  const value = first(when.amount?.value) ?? when.amount?.min ?? when.amount?.max;
  const amount = body.paymentAmount as { currency: string; value: string };
  if (currency) amount.currency = currency;
  if (value) amount.value = value;
  (body.order as Record<string, unknown>).orderAmount = { ...amount };
  const zipCode = first(when.billingPostalCode);
  if (zipCode) meta.billingAddress = { region: 'US', address1: '1 Main St', city: 'Springfield', zipCode };
  const buyer = first(when.referenceBuyerId);
  if (buyer) (body.order as Record<string, unknown>).buyer = { referenceBuyerId: buyer };
  const terminal = first(when.terminalType);
  if (terminal) body.env = { terminalType: terminal };
  if (when.is3DSAuthentication !== undefined) meta.is3DSAuthentication = when.is3DSAuthentication;
  if (when.enableAuthenticationUpgrade !== undefined) meta.enableAuthenticationUpgrade = when.enableAuthenticationUpgrade;
  const holder = first(when.cardholderName);
  if (holder) meta.cardholderName = { fullName: holder };
  if (when.cvvLength !== undefined) {
    if (when.cvvLength === 0) delete meta.cvv;
    else meta.cvv = '1234'.slice(0, when.cvvLength);
  }
  if (when.merchantInitiated !== undefined) {
    meta.isCardOnFile = when.merchantInitiated;
    if (when.merchantInitiated) delete meta.cvv;
  }
  return { body, clientId: first(when.clientId) };
}

function curlOf(baseUrl: string, path: string, headers: Record<string, string>, body: object): string {
  const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  return [`curl -sS -X POST ${quote(`${baseUrl}${path}`)}`, ...Object.entries(headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`), `--data ${quote(JSON.stringify(body))}`].join(' \\\n  ');
}

function sample(scenario: string, operation: ScenarioOperation, trigger: string, body: Record<string, unknown>, ctx: SampleContext, extra: Record<string, string> = {}, clientId = ctx.clientId): SampleRequest {
  const path = PATHS[operation];
  const headers = {
    'content-type': 'application/json; charset=UTF-8', 'client-id': clientId, 'request-time': new Date(ctx.now).toISOString(), ...extra,
  };
  return { scenario, operation, trigger, method: 'POST', path, headers, body, curl: curlOf(ctx.baseUrl, path, headers, body) };
}

/** A capture or refund for the header to decide: the payment id is the tester's own. */
function lifecycleBody(operation: Exclude<ScenarioOperation, 'pay'>, ctx: SampleContext): Record<string, unknown> {
  const amount = { currency: 'USD', value: '1000' };
  return operation === 'capture'
    ? { captureRequestId: `CAP_${ctx.requestId}`, paymentId: '<the paymentId of an authorized payment>', captureAmount: amount, isLastCapture: true }
    : { refundRequestId: `REF_${ctx.requestId}`, paymentId: '<the paymentId of a paid payment>', refundAmount: amount };
}

/** The sample request for a scenario of the catalogue; undefined for a name it does not hold. */
export function sampleRequest(catalogue: Catalogue, name: string, ctx: SampleContext): SampleRequest | undefined {
  const scenario = catalogue.scenarios.get(name);
  if (!scenario) return undefined;
  const operation = scenario.operations.includes('pay') ? 'pay' : scenario.operations[0]!;
  if (operation === 'pay') {
    if (name === DEFAULT_SCENARIO) return sample(name, 'pay', `a valid card no header, pin or rule chooses for (test card ${SUCCESS_CARD})`, cardPay(ctx), ctx);
    // A rule that matches only a share of the requests is not a sample one can count on.
    const rules = catalogue.rules.filter((rule: CompiledRule) => rule.scenario === name && rule.probability === undefined);
    for (const rule of rules) {
      const built = payFor(rule.when, ctx);
      // Test card numbers are public, so the trigger shows them whole (a rule's label masks card numbers).
      const cardNo = first(rule.when.cardNo);
      const label = rule.kind === 'test-card' && cardNo ? `test card ${cardNo}` : rule.label;
      if (built) return sample(name, 'pay', label, built.body, ctx, {}, built.clientId);
    }
    return sample(name, 'pay', 'the x-sandbox-scenario header', cardPay(ctx), ctx, { 'x-sandbox-scenario': name });
  }
  return sample(name, operation, 'the x-sandbox-scenario header', lifecycleBody(operation, ctx), ctx, { 'x-sandbox-scenario': name });
}
