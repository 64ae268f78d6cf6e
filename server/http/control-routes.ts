// Control-plane routes for the sandbox itself: health, keys, merchants, payments and examples.
import { Router } from 'express';
import { generateExample, isExampleName } from '../api/examples.ts';
import { resultOf, SandboxError } from '../api/result-codes.ts';
import { queryInt } from './control-plane.ts';
import { CONTROL_SCHEMAS, readBody } from './control-schemas.ts';
import { baseUrlOf } from './merchant-adapter.ts';
import { EXAMPLE_SCHEMAS } from '../../schemas/index.ts';
import { describePayment } from '../operations/inquiry-payment.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { newestFirst } from '../store/newest-first.ts';

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
    if (!core.tls) throw new SandboxError('NO_INTERFACE_DEF', 'HTTPS is off: start with --https-port (or the httpsPort option) to have a certificate');
    res.type('application/x-pem-file').set('content-disposition', 'attachment; filename="alipay-sandbox-cert.pem"').send(core.tls.cert);
  });

  router.get('/merchants', (_req, res) => {
    res.json({ merchants: [...core.store.merchants.values()].map(({ clientId, registeredAt, name }) => ({ clientId, ...(name ? { name } : {}), registeredAt: new Date(registeredAt).toISOString() })) });
  });

  router.post('/merchants', async (req, res) => {
    const { clientId, publicKey, name } = readBody(CONTROL_SCHEMAS.RegisterMerchantBody, req.body);
    await core.registerMerchant(clientId, publicKey, name);
    res.status(201).json({ result: resultOf('SUCCESS'), clientId });
  });

  router.get('/payments', (req, res) => {
    const limit = queryInt(req.query.limit, 'limit', 50, 1000);
    const offset = queryInt(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const { status, clientId, paymentId, paymentRequestId } = req.query;
    const { total, page } = newestFirst(core.store.payments.values(), (p) =>
      (status === undefined || p.status === status) && (clientId === undefined || p.clientId === clientId)
      && (paymentId === undefined || p.paymentId === paymentId) && (paymentRequestId === undefined || p.paymentRequestId === paymentRequestId), offset, limit);
    res.json({ total, payments: page.map(inspectPayment) });
  });

  router.get('/payments/:paymentId', (req, res) => {
    const payment = core.store.payments.get(req.params.paymentId);
    if (!payment) throw new SandboxError('ORDER_NOT_EXIST', `no payment ${req.params.paymentId}`);
    res.json(inspectPayment(payment));
  });

  router.get('/examples', (_req, res) => {
    res.json({ operations: Object.keys(EXAMPLE_SCHEMAS) });
  });

  router.get('/examples/:operation', async (req, res) => {
    const { operation } = req.params;
    if (!isExampleName(operation)) {
      throw new SandboxError('NO_INTERFACE_DEF', `no example for ${operation}; known: ${Object.keys(EXAMPLE_SCHEMAS).join(', ')}`);
    }
    const seed = req.query.seed === undefined ? undefined : queryInt(req.query.seed, 'seed', 0, 2 ** 31);
    const { paymentId } = req.query;
    if (paymentId !== undefined && (typeof paymentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(paymentId))) {
      throw new SandboxError('PARAM_ILLEGAL', 'paymentId must be 1 to 64 letters, digits, "_" or "-"');
    }
    res.json(await generateExample(operation, seed, { baseUrl: baseUrlOf(req, core.options.publicUrl), paymentId }));
  });

  return router;

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
      payAnswer: payment.payAnswer,
    };
  }
}
