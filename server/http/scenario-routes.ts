// /_sandbox/scenarios: the catalogue, pins (Antom's "error scenario simulation", per count or window, per
// merchant, for the operations the pinned scenario decides) and reset; /_sandbox/payments/:paymentId/{settle,challenge}: end a payment that is in process
// by hand, through the payment state machine, so its notification goes out as it would from Antom.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { isResultCode, resultOf, type ResultCode } from '../api/result-codes.ts';
import { describePayment } from '../operations/inquiry-payment.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { isRefusal } from '../api/refusal.ts';
import { failureOfRefusal } from './control-plane.ts';
import { listScenarios } from '../scenario/describe-scenarios.ts';
import type { Pin } from '../scenario/pick-outcome.ts';
import { randomFor } from '../scenario/prng.ts';
import { sampleRequest } from '../scenario/sample-request.ts';
import { authorizationCode } from '../scenario/resolve-outcome.ts';
import { settleChallenge } from '../scenario/three-ds.ts';
import type { PaymentRecord, Settlement } from '../payment/types.ts';
import { ScenarioRequestQuery } from '../../schemas/control/scenarios.ts';
import { controlError, sendControlError, type Checked } from './control-errors.ts';
import { CONTROL_SCHEMAS, SETTLE_CODES } from './control-schemas.ts';
import { bodyCheck, queryCheck } from './control-validate.ts';

const checkSettle = bodyCheck(CONTROL_SCHEMAS.SettlePaymentBody);
const checkChallenge = bodyCheck(CONTROL_SCHEMAS.ChallengeBody);
const checkPin = bodyCheck(CONTROL_SCHEMAS.PinBody);
const checkUnpin = queryCheck(CONTROL_SCHEMAS.UnpinQuery);
const checkSampleQuery = queryCheck(ScenarioRequestQuery);

/** For pays, captures and refunds alike; a scenario with no outcome for the operation is passed over. */
export const PRECEDENCE = [
  'the x-sandbox-scenario request header',
  'a pin (POST /_sandbox/scenarios/pin): the merchant\'s own, then one for every merchant',
  'rules in the scenario files given with --scenarios',
  'the built-in catalogue: invalid-data triggers, test cards, amount triggers, billing postal codes, capture and refund amount triggers',
  'the default: success (for a pay, through a 3DS challenge when is3DSAuthentication is true)',
];

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function showPin(pin: Pin) {
  return {
    id: pin.id, scenario: pin.scenario, operations: pin.operations, clientId: pin.clientId ?? null, remaining: pin.remaining ?? null,
    expiresAt: iso(pin.expiresAt) ?? null, createdAt: iso(pin.createdAt),
  };
}

/** { outcome | status: "S" | "F" | "SUCCESS" | "FAIL", resultCode?, resultMessage? }; F defaults to DO_NOT_HONOR. */
function readPaymentSettlement(body: unknown, payment: PaymentRecord, seed: number): Checked<Settlement> {
  const checked = checkSettle(body);
  if (!checked.ok) return checked;
  const { outcome, status: alias, resultCode, resultMessage } = checked.value;
  const said = outcome ?? alias;
  const status = said === 'S' || said === 'SUCCESS' ? 'S' : 'F';
  if (status === 'S') {
    if (resultCode !== undefined && resultCode !== 'SUCCESS') return { ok: false, error: controlError('INVALID_BODY', { problem: 'resultCode is only for outcome F' }, 'resultCode') };
    return { ok: true, value: { status: 'S', resultInfo: { authorizationCode: authorizationCode(randomFor(seed, 'settle', payment.paymentId)) } } };
  }
  const code = resultCode ?? 'DO_NOT_HONOR';
  if (code === 'SUCCESS' || !isResultCode(code)) {
    return { ok: false, error: controlError('INVALID_BODY', { problem: `resultCode must be one of ${SETTLE_CODES.join(', ')}` }, 'resultCode') };
  }
  return {
    ok: true,
    value: {
      status: 'F', code: code as ResultCode, message: resultMessage,
      ...(code === 'DO_NOT_HONOR' && resultCode === undefined ? { resultInfo: { refusalCodeRaw: '05', refusalReason: 'Do not honor' } } : {}),
    },
  };
}

export function scenarioRoutes(core: SandboxCore): Router {
  const router = Router();
  const engine = () => core.scenarios;

  const inspect = (payment: PaymentRecord) => ({
    ...describePayment(payment), pendingStep: payment.pendingStep ?? null, scenario: payment.scenario,
  });

  const paymentOf = (paymentId: string): Checked<PaymentRecord> => {
    const payment = core.store.payments.get(paymentId);
    return payment ? { ok: true, value: payment } : { ok: false, error: controlError('PAYMENT_NOT_FOUND', { paymentId }, 'paymentId') };
  };

  router.get('/scenarios', (_req, res) => {
    const scenarios = listScenarios(engine().catalogue);
    res.json({ seed: engine().seed, precedence: PRECEDENCE, pins: engine().activePins(core.clock.now()).map(showPin), total: scenarios.length, scenarios });
  });

  router.get('/scenarios/pins', (_req, res) => {
    res.json({ pins: engine().activePins(core.clock.now()).map(showPin) });
  });

  router.get('/scenarios/:name', (req, res) => {
    const found = listScenarios(engine().catalogue).find((s) => s.name === req.params.name);
    if (!found) return sendControlError(res, controlError('SCENARIO_NOT_FOUND', { name: req.params.name }, 'name'));
    res.json(found);
  });

  // The request that triggers a scenario, with a fresh paymentRequestId each time, as JSON and as curl.
  router.get('/scenarios/:name/request', (req, res) => {
    const query = checkSampleQuery(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const found = sampleRequest(engine().catalogue, req.params.name, {
      baseUrl: core.options.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host') ?? `${core.options.host}:${core.options.port ?? 8080}`}`,
      clientId: query.value.clientId ?? core.options.defaultClientId,
      requestId: randomUUID().replace(/-/g, '').slice(0, 24),
      now: core.clock.now(),
    });
    if (!found) return sendControlError(res, controlError('SCENARIO_NOT_FOUND', { name: req.params.name }));
    res.json(found);
  });

  router.post('/scenarios/pin', (req, res) => {
    const checked = checkPin(req.body);
    if (!checked.ok) return sendControlError(res, checked.error);
    const body = checked.value;
    if (!engine().has(body.scenario)) {
      const known = [...engine().catalogue.scenarios.keys()].join(', ');
      return sendControlError(res, controlError('INVALID_BODY', { problem: `scenario names no scenario: "${body.scenario}"; known: ${known}` }, 'scenario'));
    }
    const decided = engine().catalogue.scenarios.get(body.scenario)!.operations;
    if (body.operation !== undefined && !decided.includes(body.operation)) {
      return sendControlError(res, controlError('INVALID_BODY', { problem: `operation: scenario "${body.scenario}" has no ${body.operation} outcome; it decides ${decided.join(', ')}` }, 'operation'));
    }
    // The engine's own range checks (count, durationMs, clientId) refuse as a value: INVALID_BODY.
    const pin = engine().pin({
      scenario: body.scenario, count: body.count ?? undefined, durationMs: body.durationMs ?? undefined, clientId: body.clientId, operation: body.operation,
    }, core.clock.now());
    if (isRefusal(pin)) return sendControlError(res, failureOfRefusal(pin));
    core.events.publish('pin', { change: 'pinned', scenario: pin.scenario, ...(pin.clientId ? { clientId: pin.clientId } : {}) });
    res.status(201).json({ result: resultOf('SUCCESS'), pin: showPin(pin) });
  });

  router.delete('/scenarios/pin', (req, res) => {
    const query = checkUnpin(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const { clientId } = query.value;
    const removed = engine().unpin(clientId).map(showPin);
    core.events.publish('pin', { change: 'unpinned', ...(clientId ? { clientId } : {}) });
    res.json({ result: resultOf('SUCCESS'), removed });
  });

  router.post('/scenarios/reset', (_req, res) => {
    engine().reset();
    core.events.publish('pin', { change: 'reset' });
    res.json({ result: resultOf('SUCCESS') });
  });

  router.post('/payments/:paymentId/settle', async (req, res) => {
    const payment = paymentOf(req.params.paymentId);
    if (!payment.ok) return sendControlError(res, payment.error);
    const settlement = readPaymentSettlement(req.body, payment.value, engine().seed);
    if (!settlement.ok) return sendControlError(res, settlement.error);
    // A payment that is no longer in process is refused by the machine: STATE_CONFLICT, 409.
    const settled = await core.payments.dispatch(payment.value, { type: 'settle', settlement: settlement.value });
    if (isRefusal(settled)) return sendControlError(res, failureOfRefusal(settled));
    res.json({ result: resultOf('SUCCESS'), payment: inspect(settled) });
  });

  router.post('/payments/:paymentId/challenge', async (req, res) => {
    const payment = paymentOf(req.params.paymentId);
    if (!payment.ok) return sendControlError(res, payment.error);
    const body = checkChallenge(req.body);
    if (!body.ok) return sendControlError(res, body.error);
    const settling = settleChallenge(payment.value, body.value.action);
    if (isRefusal(settling)) return sendControlError(res, failureOfRefusal(settling));
    const settled = await core.payments.dispatch(payment.value, settling.event);
    if (isRefusal(settled)) return sendControlError(res, failureOfRefusal(settled));
    res.json({ result: resultOf('SUCCESS'), payment: inspect(settled) });
  });

  return router;
}
