// A real merchant notification endpoint on loopback. Each request is recorded with its raw body and
// headers; how the endpoint answers is up to the test (acknowledge, fail, hang, redirect, flood).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

export interface Received { path: string; headers: IncomingMessage['headers']; body: string; at: number }
export type Behaviour = (req: Received, index: number, res: ServerResponse) => void;

export const acknowledge: Behaviour = (_req, _i, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end(ACK); };

export interface Receiver {
  url: string;
  received: Received[];
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = acknowledge): Promise<Receiver> {
  let current = behaviour;
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(entry);
      current(entry, received.length - 1, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    behave: (next) => { current = next; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
