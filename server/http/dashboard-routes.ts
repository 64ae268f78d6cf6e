// The QA dashboard at /_sandbox/ui/: one HTML document for every view (each view has its own URL, read by
// the page's script), its script and stylesheet from hosted-page/dashboard/, and Preact with htm from
// the installed htm package (one ES module, no build step). It sits behind the control plane's guard
// and under the same Content-Security-Policy as the buyer's pages: nothing but the sandbox's own files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { packagePath } from '../package-root.ts';
import { secure as securePage } from './page-routes.ts';

export const DASHBOARD_DIR = `${packagePath('hosted-page')}dashboard/`;

/** htm's Preact build, found wherever npm put htm (from source and from the installed package alike). */
// (htm exports no package.json, and the CommonJS file its export map names for the standalone build is
// not shipped; its main file sits in dist/, beside preact/.)
const PREACT_HTM = join(dirname(createRequire(import.meta.url).resolve('htm')), '..', 'preact', 'standalone.module.js');

/** The view paths the document answers, so a shared link opens the right view. */
const VIEWS = /^\/(?:payments(?:\/[^/]+)?|requests(?:\/[^/]+)?|notifications(?:\/[^/]+)?|scenarios|clock|merchants|certify(?:\/[^/]+)?)?\/?$/;

/**
 * What the payments view (the default one) asks for first, exactly as payments.js writes it. Sent as a
 * preload with that view, the page of payments is fetched while the browser loads the scripts, and the
 * first rows do not wait for them. Only for the view without a query: a filtered view asks for another.
 */
export const FIRST_PAYMENTS_PAGE = '/_sandbox/payments?limit=25&offset=0';
const PAYMENTS_VIEW = /^\/(?:payments\/?)?$/;

/** The pages' headers, and no framing: the dashboard's buttons change things. */
function secure(req: Request, res: Response, next: NextFunction) {
  res.set('x-frame-options', 'DENY');
  securePage(req, res, next);
}

export function dashboardRoutes(): Router {
  const router = Router();
  const page = readFileSync(`${DASHBOARD_DIR}index.html`, 'utf8');
  const preact = readFileSync(PREACT_HTM, 'utf8');

  router.use('/ui', secure);
  // Non-strict routing lets '/ui' match '/ui/' too: only the bare one is sent on.
  router.get('/ui', (req, res, next) => (req.path === '/ui' ? res.redirect(302, '/_sandbox/ui/') : next()));
  router.get('/ui/vendor/preact-htm.js', (_req, res) => {
    res.type('text/javascript').set('cache-control', 'public, max-age=3600').send(preact);
  });
  router.use('/ui/assets', express.static(DASHBOARD_DIR, {
    index: false, dotfiles: 'ignore', etag: false, cacheControl: false, setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
  }));
  router.get(/^\/ui(\/.*)$/, (req, res, next) => {
    const view = req.path.slice(3);
    if (!VIEWS.test(view)) return next();
    if (PAYMENTS_VIEW.test(view) && Object.keys(req.query).length === 0) res.set('link', `<${FIRST_PAYMENTS_PAGE}>; rel=preload; as=fetch; crossorigin=anonymous`);
    res.type('html').set('cache-control', 'no-store').send(page);
  });
  return router;
}
