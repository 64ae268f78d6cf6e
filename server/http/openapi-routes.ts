// /_sandbox/openapi.json (and .yaml): the OpenAPI 3.1 document of the merchant API and its notifications;
// /_sandbox/openapi/control.json (and .yaml): the control plane's; /_sandbox/reference (and /reference/control):
// each document rendered by Redoc's standalone bundle, served from the sandbox
// itself, so the reference reads offline.
import { createRequire } from 'node:module';
import { Router, type Response } from 'express';
import { controlDocument, documentText, merchantDocument } from '../openapi/documents.ts';

const require = createRequire(import.meta.url);

/** Redoc's one-file browser build; absent when the package is installed without it. */
function redocBundlePath(): string | undefined {
  try {
    return require.resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    return undefined;
  }
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
    const bundle = redocBundlePath();
    if (!bundle) {
      res.status(404).type('text/plain').send('the reference needs the redoc package (npm install redoc); the documents themselves are at /_sandbox/openapi.json');
      return;
    }
    res.sendFile(bundle, { maxAge: '1h' });
  });

  return router;
}
