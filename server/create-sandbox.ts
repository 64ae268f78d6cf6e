// The library entry point: a whole sandbox in-process, for test suites.
//
//   const sandbox = await createSandbox({ merchants: { SANDBOX_ME: publicKeyPem } });
//   const { url, close } = await sandbox.listen();
//   // ... point the merchant code at `url`, drive the clock with sandbox.clock.advance(ms) ...
//   await close();
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from './http/create-app.ts';
import { merchantRouteOf } from './api/routes.ts';
import { merchantApiHandler } from './http/merchant-adapter.ts';
import type { SandboxOptions } from './options.ts';
import type { Listening, Sandbox } from './sandbox.ts';

export type { Listening } from './sandbox.ts';
import { SandboxCore } from './sandbox-core.ts';

/** The sandbox with its insides reachable, for this package's own tests: the public type is Sandbox. */
export interface SandboxInternals extends Sandbox {
  app: Express;
  core: SandboxCore;
  store: SandboxCore['store'];
  clock: SandboxCore['clock'];
  keys: SandboxCore['keys'];
  notifications: SandboxCore['notifications'];
}

function start(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * A local tool's timeouts, not a public server's 300 s: a client has 5 s to send its headers and 10 s for
 * the whole request (a 1 MiB body on loopback takes milliseconds), and Node looks for overdue requests
 * every second instead of every 30. A slow or stalled client is answered 408 and its connection closed.
 */
export const SERVER_TIMEOUTS = { headersTimeout: 5_000, requestTimeout: 10_000, connectionsCheckingInterval: 1_000 };

const urlOf = (protocol: string, host: string, port: number) => `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;

export async function createSandbox(options: SandboxOptions = {}): Promise<SandboxInternals> {
  const core = await SandboxCore.create(options);
  const app = createApp(core);
  // Sockets hand merchant API calls straight to their (Express-free) handler; everything else goes to the app.
  const merchantApi = merchantApiHandler(() => core.deps, () => core.options.publicUrl);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // The one routing decision of a merchant call: made here, handed down with the call.
    const route = merchantRouteOf(req.url);
    if (route) void merchantApi(req, res, route);
    else app(req, res);
  };
  const sandbox: SandboxInternals = {
    handler, app, core, store: core.store, clock: core.clock, keys: core.keys, notifications: core.notifications,
    // The library's documented contract: a key or name that cannot be used rejects the promise.
    registerMerchant: async (clientId, publicKey, options) => {
      const refused = await core.registerMerchant(clientId, publicKey, options?.name);
      if (refused) throw new Error(refused.refused.resultMessage);
    },
    close: () => core.close(),
    async listen(port = core.options.port ?? 0): Promise<Listening> {
      const host = core.options.host;
      const servers: Server[] = [createHttpServer(SERVER_TIMEOUTS, handler)];
      const httpPort = await start(servers[0]!, port, host);
      let httpsUrl: string | undefined;
      const tls = core.tls;
      if (core.options.httpsPort !== undefined && tls) {
        const https = createHttpsServer({ ...SERVER_TIMEOUTS, key: tls.key, cert: tls.cert }, handler) as unknown as Server;
        servers.push(https);
        httpsUrl = urlOf('https', host, await start(https, core.options.httpsPort, host));
      }
      const url = urlOf('http', host, httpPort);
      await core.lock?.describe(url);
      return {
        url,
        httpsUrl,
        async close() {
          await Promise.all(servers.map(stop));
          await core.close();
        },
      };
    },
  };
  return sandbox;
}
