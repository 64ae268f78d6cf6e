// Control-plane routes for the sandbox itself: health, keys, merchants, payments and examples.
import { Router } from 'express';
import { generateExample, isExampleName } from '../api/examples.ts';
import { resultOf } from '../api/result-codes.ts';
import { controlError, sendControlError } from './control-errors.ts';
import { failureOfRefusal } from './control-plane.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck, queryCheck } from './control-validate.ts';
import { baseUrlOf } from './merchant-adapter.ts';
import { EXAMPLE_SCHEMAS } from '../../schemas/index.ts';
import { describePayment } from '../operations/inquiry-payment.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { newestFirst } from '../store/newest-first.ts';
import type { WalletState } from '../payment/types.ts';

const checkMerchant = bodyCheck(CONTROL_SCHEMAS.RegisterMerchantBody);
const checkPayments = queryCheck(CONTROL_SCHEMAS.PaymentsQuery);
const checkExample = queryCheck(CONTROL_SCHEMAS.ExampleQuery);

export function controlRoutes(core: SandboxCore): Router {
  const router = Router();

  // ok only while the store can keep what it is given: the directory is the one opened and the last
  // append succeeded. Otherwise 503, naming the cause, for a supervisor or a test harness to act on.
  router.get('/health', (_req, res) => {
    const problem = core.store.health();
    res.status(problem ? 503 : 200).json({
      status: problem ? 'failing' : 'ok',
      ...(problem ? { problem } : {}),
      signatureMode: core.options.signatureMode,
      clock: { mode: core.clock.mode, timeScale: core.clock.timeScale, now: new Date(core.clock.now()).toISOString() },
      payments: core.store.payments.size,
    });
  });

  router.get('/keys', (_req, res) => {
    res.json({ publicKey: core.keys.publicKeyBase64, publicKeyPem: core.keys.publicKeyPem, algorithm: 'RSA256', keyVersion: '1' });
  });

  // The self-signed HTTPS certificate, for a client (an SDK, a browser, a CI job) that must be told to trust it.
  router.get('/tls/certificate', (_req, res) => {
    if (!core.tls) return sendControlError(res, controlError('HTTPS_OFF', {}));
    res.type('application/x-pem-file').set('content-disposition', 'attachment; filename="alipay-sandbox-cert.pem"').send(core.tls.cert);
  });

  router.get('/merchants', (_req, res) => {
    res.json({ merchants: [...core.store.merchants.values()].map(({ clientId, registeredAt, name }) => ({ clientId, ...(name ? { name } : {}), registeredAt: new Date(registeredAt).toISOString() })) });
  });

  router.post('/merchants', async (req, res) => {
    const body = checkMerchant(req.body);
    if (!body.ok) return sendControlError(res, body.error);
    const { clientId, publicKey, name } = body.value;
    const refused = await core.registerMerchant(clientId, publicKey, name);
    if (refused) return sendControlError(res, failureOfRefusal(refused));
    res.status(201).json({ result: resultOf('SUCCESS'), clientId });
  });

  router.get('/payments', (req, res) => {
    const query = checkPayments(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const { status, clientId, paymentId, paymentRequestId, limit = 50, offset = 0 } = query.value;
    const { total, page } = newestFirst(core.store.payments.values(), (p) =>
      (status === undefined || p.status === status) && (clientId === undefined || p.clientId === clientId)
      && (paymentId === undefined || p.paymentId === paymentId) && (paymentRequestId === undefined || p.paymentRequestId === paymentRequestId), offset, limit);
    res.json({ total, payments: page.map(inspectPayment) });
  });

  router.get('/payments/:paymentId', (req, res) => {
    const payment = core.store.payments.get(req.params.paymentId);
    if (!payment) return sendControlError(res, controlError('PAYMENT_NOT_FOUND', { paymentId: req.params.paymentId }, 'paymentId'));
    res.json(inspectPayment(payment));
  });

  router.get('/examples', (_req, res) => {
    res.json({ operations: Object.keys(EXAMPLE_SCHEMAS) });
  });

  router.get('/examples/:operation', async (req, res) => {
    const { operation } = req.params;
    if (!isExampleName(operation)) {
      return sendControlError(res, controlError('EXAMPLE_NOT_FOUND', { operation, known: Object.keys(EXAMPLE_SCHEMAS).join(', ') }, 'operation'));
    }
    const query = checkExample(req.query);
    if (!query.ok) return sendControlError(res, query.error);
    const { seed, paymentId } = query.value;
    res.json(await generateExample(operation, seed, { baseUrl: baseUrlOf(req, core.options.publicUrl), paymentId }));
  });

  return router;

  /** Which wallet and terminal, and what the buyer did there (the dashboard's timeline and wallet actions). */
  function inspectWallet(wallet: WalletState) {
    const iso = (at: number) => new Date(at).toISOString();
    return {
      paymentMethodType: wallet.paymentMethodType, name: wallet.name, terminalType: wallet.terminalType, osType: wallet.osType,
      abandonedAt: wallet.abandonedAt === undefined ? undefined : iso(wallet.abandonedAt),
      steps: (wallet.steps ?? []).map((s) => ({ action: s.action, at: iso(s.at), by: s.scheduled ? 'scenario' : 'buyer' })),
    };
  }

  function inspectPayment(payment: Parameters<typeof describePayment>[0]) {
    return {
      ...describePayment(payment),
      clientId: payment.clientId,
      mode: payment.mode,
      pendingStep: payment.pendingStep,
      scenario: payment.scenario,
      // Which scenario chose each capture and refund, and why (the lifecycle's own answers have no place for it).
      captures: payment.captures?.map((c) => ({ captureId: c.captureId, captureRequestId: c.captureRequestId, status: c.status, scenario: c.scenario })),
      refunds: payment.refunds?.map((r) => ({ refundId: r.refundId, refundRequestId: r.refundRequestId, status: r.status, scenario: r.scenario })),
      expiryTime: payment.expiresAt === undefined ? undefined : new Date(payment.expiresAt).toISOString(),
      wallet: payment.wallet && inspectWallet(payment.wallet),
      payAnswer: payment.payAnswer,
    };
  }
}
