// The keys `alipay-sandbox start` is given: merchants' public keys and display names (--merchant,
// SANDBOX_MERCHANTS, --merchant-name, SANDBOX_MERCHANT_NAME) and the
// sandbox's own private key (--private-key, SANDBOX_PRIVATE_KEY), so a CI job can configure its SDK once
// and start a --memory sandbox that signs with the same key every time. Each value is a key (PEM or bare
// base64) or the path of a file holding one; a refusal names the flag or variable and the file.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePrivateKey, parsePublicKey } from '../crypto/keys.ts';
import { readMerchantName } from '../hosted/merchant-name.ts';

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
function splitEntry(entry: string, source: string, shape = 'CLIENT_ID=PUBLIC_KEY (a PEM or base64 key, or a file)'): [string, string] {
  const eq = entry.indexOf('=');
  if (eq <= 0 || eq === entry.length - 1) throw new Error(`${source}: expected ${shape}, not ${JSON.stringify(entry.slice(0, 40))}`);
  return [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
}

/** A merchant as given at start: its key (or key file) and, optionally, the name its buyers see. */
interface GivenMerchant { clientId: string; key: string; name?: string; source: string }

/** KEY_OR_FILE, or KEY_OR_FILE,name=DISPLAY NAME (neither a key nor, in practice, a key file's path holds ",name="). */
function splitName(value: string): { key: string; name?: string } {
  const at = value.indexOf(',name=');
  return at < 0 ? { key: value } : { key: value.slice(0, at).trim(), name: value.slice(at + ',name='.length) };
}

/**
 * SANDBOX_MERCHANTS: a JSON object {"CLIENT_ID": "KEY_OR_FILE" or {"publicKey": "KEY_OR_FILE", "name": "..."}}
 * or CLIENT_ID=KEY_OR_FILE pairs separated by commas (neither base64 nor a PEM block holds a comma).
 */
function parseMerchantsVariable(text: string): GivenMerchant[] {
  const source = 'SANDBOX_MERCHANTS';
  if (text.trim().startsWith('{')) {
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch (error) {
      throw new Error(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    return Object.entries(object as Record<string, unknown>).map(([clientId, value]) => {
      const where = `${source} (${clientId})`;
      if (typeof value === 'string') return { clientId, key: value, source: where };
      const entry = value as { publicKey?: unknown; name?: unknown } | null;
      if (typeof entry !== 'object' || entry === null || typeof entry.publicKey !== 'string') {
        throw new Error(`${source}: the value of ${clientId} must be a key (a string) or {"publicKey": "...", "name": "..."}`);
      }
      const extra = Object.keys(entry).find((k) => k !== 'publicKey' && k !== 'name');
      if (extra !== undefined) throw new Error(`${source}: ${clientId} has an unknown field ${JSON.stringify(extra)} (publicKey and name are known)`);
      if (entry.name !== undefined && typeof entry.name !== 'string') throw new Error(`${source}: the name of ${clientId} must be a string`);
      return { clientId, key: entry.publicKey, name: entry.name, source: where };
    });
  }
  return text.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const [clientId, key] = splitEntry(entry, source);
    return { clientId, key, source: `${source} (${clientId})` };
  });
}

/** A name as given, checked; the refusal names where it came from. */
function checkedName(name: string, source: string): string {
  const read = readMerchantName(name);
  if ('problem' in read) throw new Error(`${source}: the merchant name ${read.problem}`);
  return read.name;
}

export interface MerchantsGiven {
  /** Public keys (PEM or base64 text) by client id. */
  keys: Record<string, string>;
  /** Display names by client id, from the merchants' entries, --merchant-name and SANDBOX_MERCHANT_NAME. */
  names: Record<string, string>;
}

/**
 * --merchant-name CLIENT_ID=NAME (repeatable), SANDBOX_MERCHANT_NAME: CLIENT_ID=NAME pairs separated by
 * commas, or a JSON object {"CLIENT_ID": "NAME"} (for a name that holds a comma).
 */
export function readMerchantNames(flags: readonly string[], variable: string | undefined): Record<string, string> {
  const entries: [string, string, string][] = [];
  if (variable?.trim()) {
    const source = 'SANDBOX_MERCHANT_NAME';
    if (variable.trim().startsWith('{')) {
      let object: unknown;
      try {
        object = JSON.parse(variable);
      } catch (error) {
        throw new Error(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
      }
      for (const [clientId, name] of Object.entries(object as Record<string, unknown>)) {
        if (typeof name !== 'string') throw new Error(`${source}: the name of ${clientId} must be a string`);
        entries.push([clientId, name, `${source} (${clientId})`]);
      }
    } else {
      for (const entry of variable.split(',').map((e) => e.trim()).filter(Boolean)) {
        const [clientId, name] = splitEntry(entry, source, 'CLIENT_ID=NAME');
        entries.push([clientId, name, `${source} (${clientId})`]);
      }
    }
  }
  for (const flag of flags) {
    const [clientId, name] = splitEntry(flag, `--merchant-name ${flag.slice(0, 40)}`, 'CLIENT_ID=NAME');
    entries.push([clientId, name, `--merchant-name ${clientId}`]);
  }
  return Object.fromEntries(entries.map(([clientId, name, source]) => [clientId, checkedName(name, source)]));
}

/**
 * Merchants from SANDBOX_MERCHANTS, then --merchant flags (a flag wins for the same client id); names from
 * their entries, then SANDBOX_MERCHANT_NAME and --merchant-name (given last, they win).
 */
export async function readMerchantKeys(flags: readonly string[], variable: string | undefined, names: Record<string, string> = {}): Promise<MerchantsGiven> {
  const given: GivenMerchant[] = [
    ...(variable ? parseMerchantsVariable(variable) : []),
    ...flags.map((flag): GivenMerchant => {
      const [clientId, value] = splitEntry(flag, `--merchant ${flag.slice(0, 40)}`);
      const { key, name } = splitName(value);
      return { clientId, key, name, source: `--merchant ${clientId}=${key.length > 60 ? `${key.slice(0, 20)}...` : key}` };
    }),
  ];
  const merchants: MerchantsGiven = { keys: {}, names: {} };
  for (const { clientId, key, name, source } of given) {
    const text = await keyText(key, source);
    checked(() => parsePublicKey(text), source, 'an RSA public key');
    merchants.keys[clientId] = text;
    if (name !== undefined) merchants.names[clientId] = checkedName(name, source);
  }
  Object.assign(merchants.names, names);
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
