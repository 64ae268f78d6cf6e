// Wires the Express app: control plane, then the merchant API, which also answers every unknown path
// with Antom's NO_INTERFACE_DEF envelope.
import express, { type Express } from 'express';
import type { SandboxCore } from '../sandbox-core.ts';
import { controlRoutes } from './control-routes.ts';
import { merchantApiHandler } from './merchant-adapter.ts';

export function createApp(core: SandboxCore): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/_sandbox', controlRoutes(core));
  app.use(merchantApiHandler(() => core.deps, () => core.options.publicUrl));
  return app;
}
