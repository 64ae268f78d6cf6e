// The keys `alipay-sandbox start` is given: merchants' public keys (--merchant, SANDBOX_MERCHANTS) and the
// sandbox's own private key (--private-key, SANDBOX_PRIVATE_KEY), so a CI job can configure its SDK once
// and start a --memory sandbox that signs with the same key every time. Each value is a key (PEM or bare
// base64) or the path of a file holding one; a refusal names the flag or variable and the file.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePrivateKey, parsePublicKey } from '../crypto/keys.ts';

/** A PEM block or a long run of base64 is a key given inline; anything else is a file name. */
const looksLikeKey = (value: string) => /^\s*-----BEGIN /.test(value) || /^[A-Za-z0-9+/]{100,}={0,2}\s*$/.test(value);

async function keyText(value: string, source: string): Promise<string> {
  if (looksLikeKey(value)) return value;
  const path = resolve(value);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new Error(`${source}: cannot read the key file ${path} (${why})`, { cause: error });
  }
}

function checked<T>(parse: () => T, source: string, what: string): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`${source}: not ${what} in PEM or bare base64 (${(error as Error).message})`, { cause: error });
  }
}

/** CLIENT_ID=KEY_OR_FILE, split at the first '=' (base64 keys end in '='). */
function splitEntry(entry: string, source: string): [string, string] {
  const eq = entry.indexOf('=');
  if (eq <= 0 || eq === entry.length - 1) throw new Error(`${source}: expected CLIENT_ID=PUBLIC_KEY (a PEM or base64 key, or a file), not ${JSON.stringify(entry.slice(0, 40))}`);
  return [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
}

/**
 * SANDBOX_MERCHANTS: a JSON object {"CLIENT_ID": "KEY_OR_FILE", ...} or CLIENT_ID=KEY_OR_FILE pairs
 * separated by commas (neither base64 nor a PEM block holds a comma).
 */
function parseMerchantsVariable(text: string): [string, string][] {
  const source = 'SANDBOX_MERCHANTS';
  if (text.trim().startsWith('{')) {
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch (error) {
      throw new Error(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const entries = Object.entries(object as Record<string, unknown>);
    const bad = entries.find(([, key]) => typeof key !== 'string');
    if (bad) throw new Error(`${source}: the key of ${bad[0]} must be a string`);
    return entries as [string, string][];
  }
  return text.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => splitEntry(entry, source));
}

/** Merchants from SANDBOX_MERCHANTS, then --merchant flags (a flag wins for the same client id). */
export async function readMerchantKeys(flags: readonly string[], variable: string | undefined): Promise<Record<string, string>> {
  const entries: [string, string, string][] = [
    ...(variable ? parseMerchantsVariable(variable).map(([id, key]): [string, string, string] => [id, key, `SANDBOX_MERCHANTS (${id})`]) : []),
    ...flags.map((flag): [string, string, string] => {
      const [id, key] = splitEntry(flag, `--merchant ${flag.slice(0, 40)}`);
      return [id, key, `--merchant ${id}=${key.length > 60 ? `${key.slice(0, 20)}...` : key}`];
    }),
  ];
  const merchants: Record<string, string> = {};
  for (const [clientId, value, source] of entries) {
    const text = await keyText(value, source);
    checked(() => parsePublicKey(text), source, 'an RSA public key');
    merchants[clientId] = text;
  }
  return merchants;
}

/** The sandbox's private key from --private-key FILE or SANDBOX_PRIVATE_KEY (a key, or a file). */
export async function readSandboxPrivateKey(file: string | undefined, variable: string | undefined): Promise<string | undefined> {
  const [value, source] = file !== undefined ? [file, `--private-key ${file}`] : [variable, 'SANDBOX_PRIVATE_KEY'];
  if (value === undefined || value.trim() === '') return undefined;
  const text = await keyText(value, source);
  const key = checked(() => parsePrivateKey(text), source, 'an RSA private key');
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`${source}: must be an RSA key, not ${key.asymmetricKeyType}`);
  return text;
}
