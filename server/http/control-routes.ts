// The control plane under /_sandbox: inspection (read-only, no side effects) and the few routes that change
// the sandbox on purpose. Answers use Antom's result envelope too, with a meaningful HTTP status.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { generateExample, isExampleName } from '../core/examples.ts';
import { resultOf, SandboxError } from '../core/result-codes.ts';
import { EXAMPLE_SCHEMAS } from '../../schemas/index.ts';
import { describePayment } from '../operations/inquiry-payment.ts';
import type { SandboxCore } from '../sandbox-core.ts';

const STATUS_OF: Record<string, number> = { ORDER_NOT_EXIST: 404, NO_INTERFACE_DEF: 404, ACCESS_DENIED: 403 };

export function sendError(res: Response, error: unknown): void {
  const result = error instanceof SandboxError ? error.toResult() : resultOf('SYSTEM_ERROR', 'unexpected error in the control plane');
  if (!(error instanceof SandboxError)) console.error('control plane error:', error);
  res.status(STATUS_OF[result.resultCode] ?? (result.resultCode === 'SYSTEM_ERROR' ? 500 : 400)).json({ result });
}

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

function intParam(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new SandboxError('PARAM_ILLEGAL', `${name} must be a whole number from 0 to ${max}`);
  return n;
}

export function controlRoutes(core: SandboxCore): Router {
  const router = Router();
  // Bound to loopback by default; a sandbox listening more widely still keeps its control plane local.
  router.use((req, res, next) => {
    if (core.options.remoteControl || isLoopback(req.socket.remoteAddress)) return next();
    sendError(res, new SandboxError('ACCESS_DENIED', 'the control plane answers only on loopback (start with --remote-control to open it)'));
  });
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      signatureMode: core.options.signatureMode,
      clock: { mode: core.clock.mode, timeScale: core.clock.timeScale, now: new Date(core.clock.now()).toISOString() },
      payments: core.store.payments.size,
    });
  });

  router.get('/keys', (_req, res) => {
    res.json({ publicKey: core.keys.publicKeyBase64, publicKeyPem: core.keys.publicKeyPem, algorithm: 'RSA256', keyVersion: '1' });
  });

  router.get('/merchants', (_req, res) => {
    res.json({ merchants: [...core.store.merchants.values()].map(({ clientId, registeredAt }) => ({ clientId, registeredAt: new Date(registeredAt).toISOString() })) });
  });

  router.post('/merchants', async (req, res) => {
    const { clientId, publicKey } = (req.body ?? {}) as { clientId?: unknown; publicKey?: unknown };
    if (typeof clientId !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(clientId)) {
      throw new SandboxError('PARAM_ILLEGAL', 'clientId is required: 1 to 64 letters, digits, "_", "." or "-"');
    }
    if (typeof publicKey !== 'string' || publicKey.length > 16384) throw new SandboxError('PARAM_ILLEGAL', 'publicKey is required: PEM or bare base64 SPKI');
    await core.registerMerchant(clientId, publicKey);
    res.status(201).json({ result: resultOf('SUCCESS'), clientId });
  });

  router.get('/payments', (req, res) => {
    const limit = intParam(req.query.limit, 'limit', 50, 1000);
    const offset = intParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const { status, clientId } = req.query;
    const all = [...core.store.payments.values()].filter((p) =>
      (status === undefined || p.status === status) && (clientId === undefined || p.clientId === clientId));
    all.sort((a, b) => b.createdAt - a.createdAt);
    res.json({ total: all.length, payments: all.slice(offset, offset + limit).map(inspectPayment) });
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
    res.json(await generateExample(operation, req.query.seed === undefined ? undefined : intParam(req.query.seed, 'seed', 0, 2 ** 31)));
  });

  router.use((_req, _res, next) => next(new SandboxError('NO_INTERFACE_DEF', 'no such control-plane route')));
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parseError = error as { type?: string; message?: string };
    if (parseError.type === 'entity.parse.failed') return sendError(res, new SandboxError('PARAM_ILLEGAL', `the body is not valid JSON: ${parseError.message}`));
    if (parseError.type === 'entity.too.large') return sendError(res, new SandboxError('PARAM_ILLEGAL', 'the body is larger than 256 KiB'));
    sendError(res, error);
  });
  return router;

  function inspectPayment(payment: Parameters<typeof describePayment>[0]) {
    return {
      ...describePayment(payment),
      clientId: payment.clientId,
      mode: payment.mode,
      pendingStep: payment.pendingStep,
      scenario: payment.scenario,
      expiryTime: payment.expiresAt === undefined ? undefined : new Date(payment.expiresAt).toISOString(),
      payAnswer: payment.payAnswer,
    };
  }
}
