// /_sandbox/openapi.json (and .yaml): the OpenAPI 3.1 document of the merchant API and its notifications;
// /_sandbox/openapi/control.json (and .yaml): the control plane's; /_sandbox/reference (and /reference/control):
// each document rendered by Redoc's standalone bundle, served from the sandbox
// itself, so the reference reads offline.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Router, type Response } from 'express';
import { controlDocument, documentText, merchantDocument } from '../openapi/documents.ts';
import { packagePath } from '../package-root.ts';
import { controlError, sendControlError } from './control-errors.ts';

const require = createRequire(import.meta.url);

// Redoc's footer shows Redocly's logo from its CDN, with no option to leave it out; offline that is a failed
// request on every page view, so the served bundle carries a blank inline image in its place.
const CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const BLANK_LOGO = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

let bundle: string | undefined;

/**
 * Redoc's one-file browser build, read once: the copy `npm run build` puts into the package
 * (dist/vendor/, with Redoc's licence), or, running from source, the one in node_modules.
 */
function redocBundle(): string | undefined {
  if (bundle !== undefined) return bundle;
  const shipped = join(packagePath('dist/vendor'), 'redoc.standalone.js');
  let path: string;
  try {
    path = existsSync(shipped) ? shipped : require.resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    return undefined;
  }
  bundle = readFileSync(path, 'utf8').replaceAll(CDN_LOGO, BLANK_LOGO);
  return bundle;
}

function referencePage(title: string, specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="${specUrl}" hide-download-button="false" expand-responses="200" json-sample-expand-level="3"></redoc>
<script src="/_sandbox/reference/redoc.standalone.js"></script>
</body>
</html>
`;
}

function sendText(res: Response, type: string, text: string): void {
  res.type(type).send(text);
}

export function openApiRoutes(): Router {
  const router = Router();

  router.get('/openapi.json', async (_req, res) => {
    sendText(res, 'application/json; charset=utf-8', documentText(await merchantDocument(), 'json'));
  });

  router.get('/openapi.yaml', async (_req, res) => {
    sendText(res, 'application/yaml; charset=utf-8', documentText(await merchantDocument(), 'yaml'));
  });

  router.get('/openapi/control.json', (_req, res) => {
    sendText(res, 'application/json; charset=utf-8', documentText(controlDocument(), 'json'));
  });

  router.get('/openapi/control.yaml', (_req, res) => {
    sendText(res, 'application/yaml; charset=utf-8', documentText(controlDocument(), 'yaml'));
  });

  router.get('/reference/control', (_req, res) => {
    sendText(res, 'text/html; charset=utf-8', referencePage('alipay-sandbox: control-plane reference', '/_sandbox/openapi/control.json'));
  });

  router.get('/reference', (_req, res) => {
    sendText(res, 'text/html; charset=utf-8', referencePage('alipay-sandbox: merchant API reference', '/_sandbox/openapi.json'));
  });

  router.get('/reference/redoc.standalone.js', (_req, res) => {
    const script = redocBundle();
    if (script === undefined) return sendControlError(res, controlError('RENDERER_MISSING', {}));
    res.type('application/javascript; charset=utf-8').set('cache-control', 'public, max-age=3600').send(script);
  });

  return router;
}
