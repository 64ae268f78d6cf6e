// The control plane answers the developer, not a web page the developer visits: a foreign Host (DNS
// rebinding), a foreign Origin, and a change sent as a "simple" cross-site request are refused with
// ACCESS_DENIED; the sandbox's own addresses, its own pages and the CLI's requests are served.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type SandboxInternals as Sandbox } from '../../server/create-sandbox.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ publicUrl: 'https://checkout.shop.test:8443' });
});

const denied = { error: { code: 'FORBIDDEN_ORIGIN', status: 403, message: expect.any(String) } };

describe('requests a web page could make', () => {
  it('a text/plain POST from another origin is refused (it would have reset the scenarios)', async () => {
    const res = await request(sandbox.app).post('/_sandbox/scenarios/reset')
      .set('Origin', 'http://evil.example').set('Content-Type', 'text/plain').send('{}');
    expect(res.status).toBe(403);
    expect(res.body).toEqual(denied);
    expect(res.body.error.message).toContain('not a page from http://evil.example');
  });

  it('a change without Origin is still refused unless it is JSON or carries X-Sandbox-Control', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await request(sandbox.app).post('/_sandbox/scenarios/reset').set('Content-Type', type).send('a=1');
      expect(res.status, type).toBe(403);
      expect(res.body.error.message).toContain('must be sent as JSON');
    }
    expect((await request(sandbox.app).delete('/_sandbox/scenarios/pin')).status).toBe(403);
  });

  it('a foreign Host (DNS rebinding) is refused, reads included', async () => {
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example', 'localhost.evil.example']) {
      const res = await request(sandbox.app).get('/_sandbox/payments').set('Host', host);
      expect(res.status, host).toBe(403);
      expect(res.body.error.message).toContain(`Host ${JSON.stringify(host)}`);
    }
  });

  it('an Origin of another port on localhost, or "null" (a sandboxed frame, a file), is refused', async () => {
    for (const origin of ['http://127.0.0.1:1', 'null', 'http://localhost']) {
      expect((await request(sandbox.app).get('/_sandbox/payments').set('Origin', origin)).status, origin).toBe(403);
    }
  });
});

describe('requests the sandbox serves', () => {
  it('answers its own names: localhost, loopback addresses and the public URL host', async () => {
    for (const host of ['localhost:8080', '127.0.0.1', '127.0.0.2:9', '[::1]:8080', 'checkout.shop.test:8443']) {
      expect((await request(sandbox.app).get('/_sandbox/payments').set('Host', host)).status, host).toBe(200);
    }
  });

  it('answers its own pages (Origin equal to Host), JSON changes and the CLI header', async () => {
    const server = request(sandbox.app);
    const own = await server.get('/_sandbox/payments').set('Host', 'localhost:8080').set('Origin', 'http://localhost:8080');
    expect(own.status).toBe(200);
    expect((await server.post('/_sandbox/scenarios/reset').send({})).status).toBe(200);
    expect((await server.post('/_sandbox/scenarios/reset').set('X-Sandbox-Control', '1')).status).toBe(200);
    expect((await server.post('/_sandbox/clock/advance').set('Content-Type', 'application/json; charset=utf-8').send('{"ms":1}')).status).toBe(200);
  });
});
