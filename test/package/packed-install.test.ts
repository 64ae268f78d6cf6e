// The package as a user gets it: `npm pack` of this checkout, installed with --omit=dev into a fresh
// project outside the checkout (so nothing resolves from this repository's node_modules), then used the
// four ways a test suite uses it: the CLI through npx, plain Node ESM, CommonJS, and strict TypeScript.
// It needs the npm registry for the package's dependencies (npm's cache makes a second run quick).
// Run it alone with `npx vitest run test/package`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { builtinModules } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHECKOUT = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(await readFile(join(CHECKOUT, 'package.json'), 'utf8')) as {
  version: string; dependencies: Record<string, string>;
};
const installed = (name: string) => readFile(join(CHECKOUT, 'node_modules', name, 'package.json'), 'utf8').then((text) => (JSON.parse(text) as { version: string }).version);

// npm run from `npm test` passes its own settings down as npm_* variables; the user's project has none.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE_PATH' && name !== 'NODE_OPTIONS'));

interface Run { code: number; stdout: string; stderr: string }

function run(command: string, args: string[], cwd: string, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: cleanEnv, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let work: string;
let project: string;
let tarball: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'alipay-sandbox-package-'));
  project = join(work, 'project');
  // prepack builds dist/ first, so this is exactly what `npm publish` would upload.
  const pack = await run('npm', ['pack', '--pack-destination', work], CHECKOUT, 180_000);
  expect(pack.code, pack.stderr).toBe(0);
  tarball = join(work, pack.stdout.trim().split('\n').at(-1)!);
  await run('mkdir', ['-p', project], work);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'merchant-checkout', private: true, type: 'module' }));
  // The consumer has this package, TypeScript and Node's types, nothing else (same versions as here, so npm's cache serves them).
  const install = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline',
    tarball, `typescript@${await installed('typescript')}`, `@types/node@${await installed('@types/node')}`], project, 240_000);
  expect(install.code, install.stderr).toBe(0);
}, 420_000);

/** Ends a child started in its own process group, and everything it started. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

afterAll(async () => {
  for (const child of children) killGroup(child);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed tarball', { timeout: 60_000 }, () => {
  it('holds the compiled code, declarations, run-time files and LICENSE, and no tests or sources', async () => {
    const list = await run('tar', ['-tzf', tarball], work);
    const files = list.stdout.trim().split('\n').map((path) => path.replace(/^package\//, ''));
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/server/index.js', 'dist/server/index.d.ts', 'dist/server/bin.js', 'dist/vendor/redoc.LICENSE',
      'scenarios/10-outcomes.yaml', 'hosted-page/checkout.html']) expect(files).toContain(needed);
    expect(files.filter((path) => /^(test|\.ci|docs)\//.test(path) || /eslint|vitest|tsconfig/.test(path))).toEqual([]);
    expect(files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    expect(await readFile(join(project, 'node_modules/alipay-sandbox/LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('imports at run time only packages it lists in dependencies', async () => {
    const dist = join(project, 'node_modules/alipay-sandbox/dist');
    const files = (await readdir(dist, { recursive: true })).filter((path) => path.endsWith('.js'));
    const builtins = new Set(builtinModules);
    const imported = new Map<string, string>();
    for (const file of files) {
      const code = await readFile(join(dist, file), 'utf8');
      // Static imports and re-exports start a line in tsc's output; dynamic ones are import('...').
      const specifiers = [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)]
        .map((match) => match[1] ?? match[2] ?? match[3]!);
      for (const specifier of specifiers) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        imported.set(name, relative(dist, join(dist, file)));
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    const missing = [...imported].filter(([name]) => !Object.hasOwn(manifest.dependencies, name));
    expect(missing).toEqual([]);
  });
});

// Each case runs npx, node or tsc in a child process.
describe('the installed package', { timeout: 180_000 }, () => {
  it('npx alipay-sandbox --version (and -V) prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await run('npx', ['--no-install', 'alipay-sandbox', flag], project);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe(manifest.version);
      expect(result.stdout.trim()).toMatch(/^0\.\d+\.\d+$/);
    }
  });

  it('npx alipay-sandbox start --port 0 --memory answers a pay and serves /_sandbox/examples/pay', async () => {
    // Its own process group: npx runs the sandbox as a child of its own, which a signal to npx alone would leave running.
    const child = spawn('npx', ['--no-install', 'alipay-sandbox', 'start', '--port', '0', '--memory'], { cwd: project, env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(output);
        if (found && /public key[^\n]*\n\s+\S+\n/.test(output)) { clearTimeout(timer); resolve(found[1]!); }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${output}`)); });
    });
    const example = await (await fetch(`${url}/_sandbox/examples/pay`)).json();
    expect(example).toHaveProperty('paymentRequestId');
    const answer = await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(example) });
    expect(answer.status).toBe(200);
    expect((await answer.json()).result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    // What the package reads at run time besides its code: the dashboard and its UI library, the OpenAPI document.
    for (const path of ['/_sandbox/ui/payments', '/_sandbox/ui/vendor/preact-htm.js', '/_sandbox/openapi.json', '/_sandbox/reference', '/_sandbox/reference/redoc.standalone.js', '/checkout/missing']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(path === '/checkout/missing' ? 404 : 200);
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
    killGroup(child);
  });

  it('a plain .mjs file imports createSandbox, listens and makes a signed pay with the exported signing helpers', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(project, 'merchant.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    await writeFile(join(project, 'pay.mjs'), `
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { createSandbox, signMessage, signatureHeader, verifyMessage, parseSignatureHeader } from 'alipay-sandbox';
const clientId = 'SANDBOX_PACKAGE_TEST';
const sandbox = await createSandbox({ signatureMode: 'enforce', merchants: { [clientId]: ${JSON.stringify(publicKey.export({ format: 'pem', type: 'spki' }))} } });
const { url, close } = await sandbox.listen();
const example = await (await fetch(url + '/_sandbox/examples/pay')).json();
const body = JSON.stringify(example);
const path = '/ams/api/v1/payments/pay';
const time = String(Date.now());
const signature = await signMessage({ path, clientId, time, body }, createPrivateKey(readFileSync('merchant.pem')));
const res = await fetch(url + path, { method: 'POST', body, headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': clientId, 'request-time': time, signature: signatureHeader(signature) } });
const text = await res.text();
const answerSignature = parseSignatureHeader(res.headers.get('signature')).signature;
const verified = verifyMessage({ path, clientId, time: res.headers.get('response-time'), body: text }, answerSignature, sandbox.keys.publicKey);
console.log(JSON.stringify({ status: res.status, result: JSON.parse(text).result, verified }));
await close();
`);
    const result = await run('node', ['pay.mjs'], project);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ status: 200, result: expect.objectContaining({ resultStatus: 'S' }), verified: true });
  });

  it('a .cjs file can require() it where Node loads ES modules from require (20.19 and later), and is told why otherwise', async () => {
    await writeFile(join(project, 'require.cjs'), `const { createSandbox } = require('alipay-sandbox');
createSandbox().then((s) => s.listen()).then(async ({ url, close }) => { console.log((await fetch(url + '/_sandbox/health')).status); await close(); });`);
    const result = await run('node', ['require.cjs'], project);
    if ((process.features as { require_module?: boolean }).require_module) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe('200');
    } else {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/ERR_REQUIRE_ESM|require\(\) of ES Module/);
    }
  });

  it('a strict TypeScript file (NodeNext, strict, skipLibCheck off) type-checks against the declarations with zero errors', async () => {
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] },
      files: ['checkout.test-setup.ts'],
    }));
    await writeFile(join(project, 'checkout.test-setup.ts'), `
import { createSandbox, RESULT_CODES, type Sandbox, type Listening, type SandboxOptions } from 'alipay-sandbox';
const options: SandboxOptions = { signatureMode: 'enforce', clock: 'manual', merchants: {} };
const sandbox: Sandbox = await createSandbox(options);
const listening: Listening = await sandbox.listen(0);
await sandbox.clock.advance(15 * 60_000);
const attempt = await sandbox.notifications.waitForAttempt({ notifyType: 'PAYMENT_RESULT' }, 10).catch(() => undefined);
const delivered: boolean | undefined = attempt?.attempt.delivered;
const known: boolean = 'SUCCESS' in RESULT_CODES;
console.log(listening.url, sandbox.clock.now(), sandbox.keys.publicKeyBase64, delivered, known);
await listening.close();
`);
    const result = await run(join(project, 'node_modules/.bin/tsc'), ['-p', '.'], project);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
