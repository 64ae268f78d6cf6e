// The HTTPS certificate as an SDK with a strict host check meets it: SHA-256, valid for loopback and for
// every --tls-host name (a docker-compose service name, say), trusted once it is given as the CA, served
// at /_sandbox/tls/certificate, and kept across restarts while the names stay the same.
import type { ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { startCli } from '../support/cli.ts';

// DER of the signature algorithm identifiers (OID 1.2.840.113549.1.1.11 and .5).
const SHA256_WITH_RSA = Buffer.from('06092a864886f70d01010b', 'hex');
const SHA1_WITH_RSA = Buffer.from('06092a864886f70d010105', 'hex');

const closers: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const close of closers.splice(0)) await close();
});

async function httpsSandbox(dataDir: string | undefined, tlsHosts: string[]) {
  const sandbox = await createSandbox({ httpsPort: 0, tlsHosts, ...(dataDir ? { dataDir } : {}) });
  const listening = await sandbox.listen();
  closers.push(() => listening.close());
  return { sandbox, listening };
}

/** GET over TLS to the loopback port, checking the certificate against `ca` for the name `servername`. */
function get(url: string, ca: string, servername: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { ca, servername }, (res) => { res.resume(); resolve(res.statusCode!); }).on('error', reject).end();
  });
}

describe('the HTTPS certificate', { timeout: 180_000 }, () => {
  it('is signed with SHA-256 and names loopback and every --tls-host', async () => {
    const { listening } = await httpsSandbox(undefined, ['alipay-sandbox', '10.9.8.7']);
    const pem = await (await fetch(`${listening.url}/_sandbox/tls/certificate`)).text();
    const cert = new X509Certificate(pem);
    expect(cert.raw.includes(SHA256_WITH_RSA)).toBe(true);
    expect(cert.raw.includes(SHA1_WITH_RSA)).toBe(false);
    expect(cert.subjectAltName?.split(', ')).toEqual(expect.arrayContaining(['DNS:localhost', 'IP Address:127.0.0.1', 'DNS:alipay-sandbox', 'IP Address:10.9.8.7']));
  });

  it('is accepted by a strict host check for a --tls-host name once trusted, and refused for any other name', async () => {
    const { listening } = await httpsSandbox(undefined, ['alipay-sandbox']);
    const ca = await (await fetch(`${listening.url}/_sandbox/tls/certificate`)).text();
    const healthUrl = `${listening.httpsUrl}/_sandbox/health`;
    expect(await get(healthUrl, ca, 'alipay-sandbox')).toBe(200);
    expect(await get(healthUrl, ca, 'localhost')).toBe(200);
    await expect(get(healthUrl, ca, 'payments.example')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('is kept in the data directory across restarts with the same names, and made anew when the names change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-tls-'));
    const first = await httpsSandbox(dir, ['alipay-sandbox']);
    const certPath = join(dir, 'tls', 'cert.pem');
    expect(first.sandbox.core.tls?.certPath).toBe(certPath);
    const kept = await readFile(certPath, 'utf8');
    await closers.pop()!();
    await httpsSandbox(dir, ['alipay-sandbox']);
    expect(await readFile(certPath, 'utf8')).toBe(kept);
    await closers.pop()!();
    await httpsSandbox(dir, ['alipay-sandbox', 'ci-service']);
    const renewed = await readFile(certPath, 'utf8');
    expect(renewed).not.toBe(kept);
    expect(new X509Certificate(renewed).subjectAltName).toContain('DNS:ci-service');
  });

  it('is a clear 404 when HTTPS is off', async () => {
    const sandbox = await createSandbox();
    const listening = await sandbox.listen();
    closers.push(() => listening.close());
    const res = await fetch(`${listening.url}/_sandbox/tls/certificate`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('--https-port');
  });

  it('the CLI prints where the certificate is and takes names from --tls-host and TLS_HOSTS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-tls-cli-'));
    const started = await startCli(['--port', '0', '--https-port', '0', '--data', dir, '--tls-host', 'alipay-sandbox'], { TLS_HOSTS: '' });
    children.push(started.child);
    expect(started.output).toContain(`certificate:  ${join(dir, 'tls', 'cert.pem')}`);
    expect(started.output).toMatch(/self-signed, for [^\n]*alipay-sandbox/);
    started.child.kill('SIGKILL');
    const fromEnv = await startCli(['--port', '0', '--https-port', '0', '--memory'], { TLS_HOSTS: 'svc-a, svc-b' });
    children.push(fromEnv.child);
    expect(fromEnv.output).toMatch(/self-signed, for [^\n]*svc-a, svc-b/);
    expect(fromEnv.output).toContain('/_sandbox/tls/certificate');
  });

  it('the CLI refuses a --tls-host that is no DNS name or address, naming it', async () => {
    await expect(startCli(['--port', '0', '--memory', '--https-port', '0', '--tls-host', 'not a name'])).rejects.toThrow(/TLS host must be a DNS name or an IP address, not "not a name"/);
  });
});
