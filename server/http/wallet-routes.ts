// The sandbox wallet page (/wallet/:token) and its routes, behind a wallet pay's normalUrl, applinkUrl and
// orderCodeForm; and the control plane's POST /_sandbox/payments/:paymentId/wallet, which acts for the
// buyer so that a test suite never needs the page. Express only adapts; the logic is in server/wallet/.
// The page shares the card page's security headers, its JSON-route guards and its error answers.
import { readFileSync } from 'node:fs';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { resultOf } from '../api/result-codes.ts';
import type { HostedDeps } from '../hosted/hosted-deps.ts';
import { isPageError } from '../hosted/page-error.ts';
import { describePayment } from '../operations/inquiry-payment.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { isRefusal } from '../api/refusal.ts';
import { failureOfRefusal } from './control-plane.ts';
import { qrSvg } from '../wallet/qr-image.ts';
import { actInWallet, findWalletPayment, walletSession } from '../wallet/wallet-page.ts';
import { CONTROL_SCHEMAS } from './control-schemas.ts';
import { bodyCheck } from './control-validate.ts';
import { controlError, sendControlError } from './control-errors.ts';
import { HOSTED_PAGE_DIR, json, pageErrorOfExpress, readJson, secure, sendPageError, sendUnexpected } from './page-routes.ts';

const originOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function walletPageRoutes(deps: HostedDeps): Router {
  const router = Router();
  const page = readFileSync(`${HOSTED_PAGE_DIR}wallet.html`, 'utf8');
  const notFound = readFileSync(`${HOSTED_PAGE_DIR}not-found.html`, 'utf8');
  const html = (res: Response, status: number, body: string) => res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(body);

  router.use('/wallet', secure);
  router.get('/wallet/:token', (req, res) => {
    if (isPageError(findWalletPayment(deps, req.params.token))) return html(res, 404, notFound);
    html(res, 200, page);
  });
  // The App Link / Universal Link: with no wallet app to open, a browser lands on the H5 page, as a real one falls back.
  router.get('/wallet/:token/applink', (req, res) => {
    if (isPageError(findWalletPayment(deps, req.params.token))) return html(res, 404, notFound);
    res.redirect(303, `/wallet/${req.params.token}`);
  });
  router.get('/wallet/:token/qr.svg', async (req, res) => {
    const payment = findWalletPayment(deps, req.params.token);
    if (isPageError(payment)) return sendPageError(res, payment);
    const svg = await qrSvg(`${originOf(req)}/wallet/${req.params.token}`);
    res.status(200).set({ 'content-type': 'image/svg+xml', 'cache-control': 'no-store' }).send(svg);
  });
  router.get('/wallet/:token/session', json(async (req) => walletSession(deps, req.params.token, originOf(req))));
  router.post('/wallet/:token/pay', ...readJson, json((req) => actInWallet(deps, req.params.token, 'pay')));
  router.post('/wallet/:token/decline', ...readJson, json((req) => actInWallet(deps, req.params.token, 'decline')));

  router.use('/wallet', (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const refused = pageErrorOfExpress(error);
    if (refused) return sendPageError(res, refused);
    sendUnexpected(res, error, deps.logger);
  });
  return router;
}

/** POST /_sandbox/payments/:paymentId/wallet {action}: the buyer's Pay / Decline / leaving, or the expiry now. */
const WALLET_ACTION = bodyCheck(CONTROL_SCHEMAS.WalletActionBody);

export function walletControlRoutes(core: SandboxCore): Router {
  const router = Router();
  router.post('/payments/:paymentId/wallet', async (req, res) => {
    const checked = WALLET_ACTION(req.body);
    if (!checked.ok) return sendControlError(res, checked.error);
    const { action } = checked.value;
    const { paymentId } = req.params;
    const payment = core.store.payments.get(paymentId);
    if (!payment) return sendControlError(res, controlError('PAYMENT_NOT_FOUND', { paymentId }, 'paymentId'));
    if (!payment.wallet) return sendControlError(res, controlError('STATE_CONFLICT', { reason: `payment ${paymentId} is not a wallet payment` }));
    if (action === 'expire' && payment.status !== 'PROCESSING') {
      return sendControlError(res, controlError('STATE_CONFLICT', { reason: `payment ${paymentId} is ${payment.status}, not PROCESSING` }));
    }
    const event = action === 'expire' ? { type: 'expire' as const } : { type: 'wallet' as const, action };
    const next = await core.payments.dispatch(payment, event);
    if (isRefusal(next)) return sendControlError(res, failureOfRefusal(next));
    res.json({ result: resultOf('SUCCESS'), payment: { ...describePayment(next), pendingStep: next.pendingStep ?? null, scenario: next.scenario } });
  });
  return router;
}
