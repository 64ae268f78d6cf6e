// The sandbox's identity on disk: its RSA-2048 signing key and its self-signed TLS certificate, made on
// first start and kept in the data directory, so merchants configure the public key once.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { readMarker } from '../store/data-dir-marker.ts';
import { generateSandboxKeys, keysFromPrivatePem, type SandboxKeys } from './keys.ts';

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Refuses a data directory that lost half of itself. The key is what merchants configured; the store is
 * what they were answered. A store without its key (keys/ deleted) would get a new key, and every
 * merchant's configured key would stop verifying; a key without its store (db/ deleted) would start with
 * every payment gone. Neither happens silently: start-up stops and says which, unless `repair` accepts it.
 */
export async function checkKeyAndStore(dir: string, repair: boolean): Promise<void> {
  // A marker that is corrupt or foreign stops start-up here already, naming it.
  const [key, marker] = await Promise.all([
    readIfExists(join(dir, 'keys', 'sandbox-private-key.pem')),
    readMarker(join(dir, 'db', 'sandbox.json')),
  ]);
  if (repair || (key === undefined) === (marker === undefined)) return;
  if (key === undefined) {
    throw new Error(`the data directory ${dir} was used before (db/sandbox.json) but its key keys/sandbox-private-key.pem is missing: a new key would stop every merchant's configured Alipay public key from verifying. Put the key file back, or start with --repair to make a new key`);
  }
  throw new Error(`the data directory ${dir} holds a sandbox key but no db/sandbox.json: its payments were removed. Start with --repair to go on with an empty store and the same key`);
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
  const keys = generateSandboxKeys();
  await mkdir(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  await writeFile(path, keys.privateKeyPem, { mode: 0o600 });
  await writeFile(join(dir, 'keys', 'sandbox-public-key.pem'), keys.publicKeyPem, { mode: 0o600 });
  return keys;
}

export interface TlsFiles { key: string; cert: string }

export async function makeTlsCertificate(): Promise<TlsFiles> {
  const notAfterDate = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notAfterDate,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function loadOrCreateTls(dir: string | undefined): Promise<TlsFiles> {
  if (!dir) return makeTlsCertificate();
  const keyPath = join(dir, 'tls', 'key.pem');
  const certPath = join(dir, 'tls', 'cert.pem');
  const [key, cert] = await Promise.all([readIfExists(keyPath), readIfExists(certPath)]);
  if (key !== undefined && cert !== undefined) return { key, cert };
  const made = await makeTlsCertificate();
  await mkdir(join(dir, 'tls'), { recursive: true, mode: 0o700 });
  await writeFile(keyPath, made.key, { mode: 0o600 });
  await writeFile(certPath, made.cert, { mode: 0o600 });
  return made;
}
