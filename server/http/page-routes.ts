// The buyer's pages, served by the sandbox itself: the hosted card page (/checkout/:token), the 3DS
// challenge page (/3ds/:token), their static files (/hosted-page/...) and the JSON routes the pages call.
// Express only adapts here; what each route does is in server/hosted/.
//
// Every answer carries a strict Content-Security-Policy: the pages load nothing but the sandbox's own
// files and talk to nothing but the sandbox. The JSON routes take only application/json and refuse a
// foreign Origin, so another site cannot post a card form or a challenge answer in the buyer's name.
import { readFileSync } from 'node:fs';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { packagePath } from '../package-root.ts';
import { cancelHostedPayment } from '../hosted/cancel-checkout.ts';
import { completeChallenge } from '../hosted/complete-challenge.ts';
import type { HostedDeps } from '../hosted/hosted-deps.ts';
import { isPageError, pageError, pageErrorStatus, type PageError } from '../hosted/page-error.ts';
import { pageSession } from '../hosted/page-session.ts';
import { findPageSubject } from '../hosted/page-token.ts';
import { submitHostedCard } from '../hosted/submit-card.ts';
import type { Logger } from 'pino';

export const HOSTED_PAGE_DIR = packagePath('hosted-page');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "font-src 'self'", "form-action 'self'", "base-uri 'none'", "manifest-src 'self'",
].join('; ');

/** The headers every page of the sandbox carries (the dashboard adds its own on top). */
export function secure(_req: Request, res: Response, next: NextFunction) {
  res.set({
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  });
  next();
}

/** Answers a page's refusal: its code's HTTP status and { "error": ... }. */
export function sendPageError(res: Response, refused: PageError) {
  res.status(pageErrorStatus(refused)).set('cache-control', 'no-store').json({ error: refused.pageError });
}

/** A bug below a page route: logged, and answered as JSON rather than with a stack trace. */
export function sendUnexpected(res: Response, error: unknown, logger?: Logger) {
  logger?.error({ err: error }, 'hosted page error');
  sendPageError(res, pageError('SYSTEM_ERROR', 'Something went wrong in the sandbox. Try again.'));
}

/**
 * What the body parser and serve-static refuse (they hand Express an error, not a value), as the pages'
 * catalogue: undefined for a fault of the sandbox.
 */
export function pageErrorOfExpress(error: unknown): PageError | undefined {
  const type = (error as { type?: string }).type;
  const status = (error as { status?: number }).status;
  if (type === 'entity.parse.failed') return pageError('BAD_REQUEST', 'The body is not valid JSON.');
  if (type === 'entity.too.large') return pageError('BAD_REQUEST', 'The body is larger than 16 KiB.');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return pageError('UNSUPPORTED_MEDIA_TYPE', `${(error as Error).message}; send UTF-8 JSON.`);
  // Any other refusal of the body parser (an aborted upload) is the client's mistake.
  if (status !== undefined && status >= 400 && status < 500) return pageError('BAD_REQUEST', (error as Error).message);
  return undefined;
}

const hostOf = (value: string) => {
  try {
    return new URL(value).host;
  } catch {
    return undefined;
  }
};

/** The JSON routes: same-origin only, JSON only, small bodies. */
export const readJson = [
  (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin !== undefined && hostOf(origin) !== req.headers.host) return sendPageError(res, pageError('FORBIDDEN_ORIGIN', 'This page only answers the sandbox\'s own pages.'));
    if (!req.is('application/json')) return sendPageError(res, pageError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as application/json.'));
    next();
  },
  express.json({ limit: '16kb', strict: true }),
];

type Handler = (req: Request<{ token: string }>) => Promise<object>;

/** A JSON route: its result, or its refusal (a PageError value); what it throws is a bug, for the error handler. */
export function json(handler: Handler) {
  return async (req: Request<{ token: string }>, res: Response, next: NextFunction) => {
    try {
      const answer = await handler(req);
      if (isPageError(answer)) return sendPageError(res, answer);
      res.set('cache-control', 'no-store').json(answer);
    } catch (error) {
      next(error);
    }
  };
}

export function pageRoutes(deps: HostedDeps): Router {
  const router = Router();
  const pages = {
    checkout: readFileSync(`${HOSTED_PAGE_DIR}checkout.html`, 'utf8'),
    challenge: readFileSync(`${HOSTED_PAGE_DIR}challenge.html`, 'utf8'),
    notFound: readFileSync(`${HOSTED_PAGE_DIR}not-found.html`, 'utf8'),
  };
  const html = (res: Response, status: number, body: string) => res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(body);

  router.use(['/checkout', '/3ds', '/hosted-page'], secure);
  router.use('/hosted-page', express.static(HOSTED_PAGE_DIR, { index: false, dotfiles: 'ignore', fallthrough: false, etag: false, cacheControl: false, setHeaders: (res) => res.setHeader('cache-control', 'no-cache') }));

  // The pages themselves: one static document each, filled in by its script from the session route.
  // Each sends the buyer to the other when the payment is at the other's step.
  router.get('/checkout/:token', (req, res) => {
    const subject = findPageSubject(deps.store, req.params.token);
    if (isPageError(subject)) return html(res, 404, pages.notFound);
    if (subject.kind === 'vaulting') return res.redirect(303, `/3ds/${req.params.token}`);
    if (subject.payment.status === 'PROCESSING' && subject.payment.pendingStep === '3ds-challenge') return res.redirect(303, `/3ds/${req.params.token}`);
    html(res, 200, pages.checkout);
  });
  router.get('/3ds/:token', (req, res) => {
    const subject = findPageSubject(deps.store, req.params.token);
    if (isPageError(subject)) return html(res, 404, pages.notFound);
    if (subject.kind === 'payment' && subject.payment.status === 'PROCESSING' && subject.payment.pendingStep === 'hosted-page') {
      return res.redirect(303, `/checkout/${req.params.token}`);
    }
    html(res, 200, pages.challenge);
  });

  router.get(['/checkout/:token/session', '/3ds/:token/session'], json((req) => pageSession(deps, req.params.token)));
  router.post('/checkout/:token/submit', ...readJson, json((req) => submitHostedCard(deps, req.params.token, req.body)));
  router.post('/checkout/:token/cancel', ...readJson, json((req) => cancelHostedPayment(deps, req.params.token)));
  router.post('/3ds/:token/complete', ...readJson, json((req) => completeChallenge(deps, req.params.token, req.body)));

  router.use(['/checkout', '/3ds', '/hosted-page'], (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    // serve-static refuses a path that climbs out of hosted-page/ with 403: to a visitor it is just not there.
    if (status === 404 || status === 403) return html(res, 404, pages.notFound);
    if (status === 405) return res.status(405).set('allow', 'GET, HEAD').end();
    const refused = pageErrorOfExpress(error);
    if (refused) return sendPageError(res, refused);
    sendUnexpected(res, error, deps.logger);
  });
  return router;
}
