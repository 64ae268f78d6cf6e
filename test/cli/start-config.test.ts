// Configuring `alipay-sandbox start` for CI: keys inline, from files or from the environment, a pinned
// sandbox key for --memory, and clear refusals (a missing key file, an unknown log level, a bad public
// URL, a busy port) that name the problem without a stack trace. Also: a closed stdout pipe ends a
// command quietly (`alipay-sandbox notifications list | head -5`).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { hostedPay } from '../support/bodies.ts';
import { NODE_ARGS, runCli, startCli } from '../support/cli.ts';

const children: ChildProcess[] = [];
afterEach(() => { for (const child of children.splice(0)) child.kill('SIGKILL'); });

function rsaKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    privateBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

const printedKey = (output: string) => /public key[^\n]*\n\s+(\S+)\n/.exec(output)![1];

describe('alipay-sandbox start: keys for CI', { timeout: 240_000 }, () => {
  it('takes merchant keys inline, from files and from SANDBOX_MERCHANTS, and its own key from --private-key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-keys-'));
    const [inline, fromFile, fromEnvA, fromEnvB, sandboxKey] = [rsaKeys(), rsaKeys(), rsaKeys(), rsaKeys(), rsaKeys()];
    await writeFile(join(dir, 'merchant.pem'), fromFile.publicPem);
    await writeFile(join(dir, 'sandbox.pem'), sandboxKey.privatePem);
    const started = await startCli(
      ['--memory', '--port', '0', '--merchant', `INLINE_ID=${inline.publicBase64}`, '--merchant', `FILE_ID=${join(dir, 'merchant.pem')}`, '--private-key', join(dir, 'sandbox.pem')],
      { SANDBOX_MERCHANTS: `ENV_A=${fromEnvA.publicBase64},ENV_B=${fromEnvB.publicBase64}` },
    );
    children.push(started.child);
    const { merchants } = await (await fetch(`${started.url}/_sandbox/merchants`)).json() as { merchants: { clientId: string }[] };
    expect(merchants.map((m) => m.clientId).sort()).toEqual(['ENV_A', 'ENV_B', 'FILE_ID', 'INLINE_ID']);
    expect(printedKey(started.output)).toBe(sandboxKey.publicBase64);
  });

  it('a --memory sandbox keeps the key SANDBOX_PRIVATE_KEY gives it across starts; SANDBOX_MERCHANTS also takes a JSON object', async () => {
    const sandboxKey = rsaKeys();
    const merchant = rsaKeys();
    const env = { SANDBOX_PRIVATE_KEY: sandboxKey.privateBase64, SANDBOX_MERCHANTS: JSON.stringify({ JSON_ID: merchant.publicPem }) };
    const first = await startCli(['--memory', '--port', '0'], env);
    first.child.kill('SIGKILL');
    const second = await startCli(['--memory', '--port', '0'], env);
    children.push(second.child);
    expect(printedKey(first.output)).toBe(sandboxKey.publicBase64);
    expect(printedKey(second.output)).toBe(sandboxKey.publicBase64);
    const { merchants } = await (await fetch(`${second.url}/_sandbox/merchants`)).json() as { merchants: { clientId: string }[] };
    expect(merchants.map((m) => m.clientId)).toEqual(['JSON_ID']);
  });

  it('takes merchant display names from --merchant-name, SANDBOX_MERCHANT_NAME, a --merchant entry and SANDBOX_MERCHANTS; the card page shows them', async () => {
    const [inline, fromEnv] = [rsaKeys(), rsaKeys()];
    const started = await startCli(
      ['--memory', '--port', '0', '--merchant', `INLINE_ID=${inline.publicBase64},name=Inline Shop`, '--merchant-name', 'KEYLESS_ID=Keyless Café'],
      { SANDBOX_MERCHANTS: JSON.stringify({ ENV_ID: { publicKey: fromEnv.publicPem, name: 'Env Store' } }), SANDBOX_MERCHANT_NAME: '{"ENV_ID": "Env Store, Ltd"}' },
    );
    children.push(started.child);
    const { merchants } = await (await fetch(`${started.url}/_sandbox/merchants`)).json() as { merchants: { clientId: string; name?: string }[] };
    expect(merchants.map((m) => [m.clientId, m.name]).sort()).toEqual([['ENV_ID', 'Env Store, Ltd'], ['INLINE_ID', 'Inline Shop']]);
    // A client with a name and no key (signature mode warn takes its unsigned pay): its buyers see the name.
    const body = JSON.stringify(hostedPay());
    const paid = await (await fetch(`${started.url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json', 'client-id': 'KEYLESS_ID' }, body })).json() as { normalUrl: string };
    const session = await (await fetch(`${paid.normalUrl}/session`)).json() as { merchant: { name: string } };
    expect(session.merchant.name).toBe('Keyless Café');
  });
});

describe('alipay-sandbox start: refusals name the problem', { timeout: 240_000 }, () => {
  const refusals: [string, string[], Record<string, string>, RegExp][] = [
    ['a missing merchant key file', ['--merchant', 'X=/nonexistent.pem'], {}, /--merchant X=\/nonexistent\.pem: cannot read the key file \/nonexistent\.pem \(no such file\)/],
    ['a merchant entry without a key', ['--merchant', 'X'], {}, /--merchant X: expected CLIENT_ID=PUBLIC_KEY/],
    ['a merchant key that is no key', ['--merchant', `X=${'A'.repeat(120)}`], {}, /--merchant X=A+\.\.\.: not an RSA public key/],
    ['SANDBOX_MERCHANTS that is not JSON', [], { SANDBOX_MERCHANTS: '{"X":' }, /SANDBOX_MERCHANTS: not valid JSON/],
    ['a merchant name without a client id', ['--merchant-name', 'Sample Shop'], {}, /--merchant-name Sample Shop: expected CLIENT_ID=NAME/],
    ['a merchant name too long', ['--merchant-name', `X=${'n'.repeat(300)}`], {}, /--merchant-name X: the merchant name must be at most 256 characters/],
    ['a private key file that is no key', ['--private-key', '/etc/hostname'], {}, /--private-key \/etc\/hostname: not an RSA private key/],
    ['an unknown log level, listing the levels', ['--log-level', 'loud'], {}, /argument 'loud' is invalid\. Allowed choices are fatal, error, warn, info, debug, trace, silent/],
    ['a public URL that is no URL', ['--public-url', 'notaurl'], {}, /public URL must be an absolute http:\/\/ or https:\/\/ URL, not "notaurl"/],
  ];
  for (const [what, args, env, message] of refusals) {
    it(what, async () => {
      const result = await runCli(['start', '--memory', '--port', '0', ...args], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a busy port, with the way out', async () => {
    const sandbox = await createSandbox();
    const listening = await sandbox.listen();
    try {
      const result = await runCli(['start', '--memory', '--port', new URL(listening.url).port]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/port \d+ is already in use .*--port 0 for a free one/);
    } finally {
      await listening.close();
    }
  });
});

describe('a closed stdout pipe', { timeout: 120_000 }, () => {
  it('ends the command quietly, exit 0', async () => {
    const sandbox = await createSandbox();
    const listening = await sandbox.listen();
    try {
      const child = spawn(process.execPath, [...NODE_ARGS, 'notifications', 'list', '--url', listening.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      // The reader goes away before the command writes anything, as `| head` does once it has its lines.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      await listening.close();
    }
  });
});
