// The sandbox's identity on disk: its RSA-2048 signing key and its self-signed TLS certificate, made on
// first start and kept in the data directory, so merchants configure the public key once.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { generateSandboxKeys, keysFromPrivatePem, type SandboxKeys } from './keys.ts';

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function loadOrCreateKeys(dir: string): Promise<SandboxKeys> {
  const path = join(dir, 'keys', 'sandbox-private-key.pem');
  const existing = await readIfExists(path);
  if (existing !== undefined) {
    try {
      return keysFromPrivatePem(existing);
    } catch (error) {
      throw new Error(`key file ${path} is not a private key (${(error as Error).message}); it was left untouched`, { cause: error });
    }
  }
  const keys = await generateSandboxKeys();
  await mkdir(join(dir, 'keys'), { recursive: true });
  await writeFile(path, keys.privateKeyPem, { mode: 0o600 });
  await writeFile(join(dir, 'keys', 'sandbox-public-key.pem'), keys.publicKeyPem);
  return keys;
}

export interface TlsIdentity {
  key: string;
  cert: string;
  /** Where the certificate is kept, so SDKs can be told to trust it; undefined for a memory sandbox. */
  certPath?: string;
  /** The DNS names and IP addresses it is valid for (its subjectAltName). */
  names: string[];
}

/** Every name a client may reach the sandbox by: loopback, the listen address, the public URL's host, and --tls-host names. */
export function tlsNamesFor(host: string, publicUrl: string | undefined, extra: readonly string[] = []): string[] {
  const names = ['localhost', '127.0.0.1', '::1', ...extra];
  // A wildcard listen address is no name a client can check; a specific one is.
  if (host !== '0.0.0.0' && host !== '::') names.push(host);
  if (publicUrl) names.push(new URL(publicUrl).hostname.replace(/^\[|\]$/g, ''));
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/**
 * A self-signed certificate for these names. SHA-256, not selfsigned's SHA-1 default, which current TLS
 * stacks refuse; serverAuth and the subjectAltName are what strict host checks (Go, Java, Python) read.
 */
export async function makeTlsCertificate(names: readonly string[]): Promise<Omit<TlsIdentity, 'certPath'>> {
  const notAfterDate = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }, { name: 'organizationName', value: 'alipay-sandbox' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name })) },
    ],
  });
  return { key: pems.private, cert: pems.cert, names: [...names] };
}

/**
 * The certificate kept in the data directory, made anew when the names asked for differ from those it was
 * made for (or it predates tls/names.json, i.e. it may be an old SHA-1 one), so a trusted certificate
 * stays the same across restarts with the same options.
 */
export async function loadOrCreateTls(dir: string | undefined, names: readonly string[]): Promise<TlsIdentity> {
  if (!dir) return makeTlsCertificate(names);
  const keyPath = join(dir, 'tls', 'key.pem');
  const certPath = join(dir, 'tls', 'cert.pem');
  const namesPath = join(dir, 'tls', 'names.json');
  const [key, cert, madeFor] = await Promise.all([readIfExists(keyPath), readIfExists(certPath), readIfExists(namesPath)]);
  if (key !== undefined && cert !== undefined && madeFor === JSON.stringify(names)) return { key, cert, certPath, names: [...names] };
  const made = await makeTlsCertificate(names);
  await mkdir(join(dir, 'tls'), { recursive: true, mode: 0o700 });
  await writeFile(keyPath, made.key, { mode: 0o600 });
  await writeFile(certPath, made.cert);
  await writeFile(namesPath, JSON.stringify(names));
  return { ...made, certPath };
}
