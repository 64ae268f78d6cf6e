// Wires the Express app: the merchant API first (the hot path, /ams/... and /v1/...), then the control
// plane under /_sandbox (loopback guard first, error envelope last), the buyer's pages, and finally Antom's
// NO_INTERFACE_DEF envelope for every path nothing serves.
import express, { type Express } from 'express';
import type { SandboxCore } from '../sandbox-core.ts';
import { Certification } from '../certify/certification.ts';
import { certifyRoutes } from './certify-routes.ts';
import { clockRoutes } from './clock-routes.ts';
import { controlPlaneEntry, controlPlaneExit } from './control-plane.ts';
import { controlRoutes } from './control-routes.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import { eventRoutes } from './event-routes.ts';
import { journalRoutes } from './journal-routes.ts';
import { lifecycleRoutes } from './lifecycle-routes.ts';
import { merchantRouteOf, routeOf } from '../api/routes.ts';
import { merchantApiHandler } from './merchant-adapter.ts';
import { notificationRoutes } from './notification-routes.ts';
import { openApiRoutes } from './openapi-routes.ts';
import { receiverEndpoint, receiverRoutes } from './receiver-routes.ts';
import { scenarioRoutes } from './scenario-routes.ts';
import { pageRoutes } from './page-routes.ts';
import { qaRoutes } from './qa-routes.ts';
import { walletControlRoutes, walletPageRoutes } from './wallet-routes.ts';

export function createApp(core: SandboxCore): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const merchantApi = merchantApiHandler(() => core.deps, () => core.options.publicUrl);
  app.use((req, res, next) => {
    const route = merchantRouteOf(req.originalUrl);
    return route ? merchantApi(req, res, route) : next();
  });
  // A merchant endpoint the sandbox itself calls, so outside the control plane's loopback guard.
  app.use(receiverEndpoint(core.receiver));
  app.use('/_sandbox', ...controlPlaneEntry(() => core.options.remoteControl, core.options));
  app.use('/_sandbox', receiverRoutes(core.receiver));
  app.use('/_sandbox', controlRoutes(core));
  app.use('/_sandbox', notificationRoutes(core));
  app.use('/_sandbox', clockRoutes(core));
  app.use('/_sandbox', lifecycleRoutes(core));
  app.use('/_sandbox', scenarioRoutes(core));
  app.use('/_sandbox', journalRoutes(core.journal));
  app.use('/_sandbox', eventRoutes(core.events));
  app.use('/_sandbox', qaRoutes(core));
  const certification = new Certification(core);
  app.use('/_sandbox', certifyRoutes(core, certification));
  app.use('/_sandbox', walletControlRoutes(core));
  app.use('/_sandbox', dashboardRoutes());
  app.use('/_sandbox', openApiRoutes());
  app.use('/_sandbox', ...controlPlaneExit(core.logger));
  // The buyer's pages (hosted card page, 3DS challenge) and their JSON routes, before the catch-all.
  app.use(certification.watchPages);
  app.use(pageRoutes(core));
  app.use(walletPageRoutes(core));
  // A browser pointed at the sandbox lands on the dashboard (which keeps the control plane's loopback rule).
  app.get('/', (_req, res) => res.redirect(302, '/_sandbox/ui/'));
  app.use((req, res) => merchantApi(req, res, routeOf(req.originalUrl)));
  return app;
}
