// The certify commands end to end, as a CI job runs them: a sandbox started by the CLI in a child process,
// the reference merchants in this process, and `alipay-sandbox certify ...` as further child processes
// writing the JSON, JUnit and HTML reports. The exit code is the verdict.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertifyReport } from '../../schemas/control/certify.ts';
import { runCli, startCli } from '../support/cli.ts';
import { newMerchant, startReferenceMerchant, type ReferenceMerchant } from './reference-merchants.ts';

let child: ChildProcess;
let url: string;
let dir: string;
let good: ReferenceMerchant;
let sloppy: ReferenceMerchant;

interface JunitCase { name: string; failure?: unknown; skipped?: unknown }

/** Checks the file is well-formed XML and reads its test cases. */
async function readJunit(path: string): Promise<JunitCase[]> {
  const text = await readFile(path, 'utf8');
  expect(XMLValidator.validate(text)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(text) as { testsuites: { testsuite: { testcase: JunitCase[] } } };
  return parsed.testsuites.testsuite.testcase;
}

beforeAll(async () => {
  const goodKeys = newMerchant('CLI_GOOD');
  const sloppyKeys = newMerchant('CLI_SLOPPY');
  ({ child, url } = await startCli([
    '--port', '0', '--memory', '--signature', 'enforce', '--log-level', 'warn',
    '--merchant', `CLI_GOOD=${goodKeys.publicKeyBase64}`, '--merchant', `CLI_SLOPPY=${sloppyKeys.publicKeyBase64}`,
  ]));
  const { publicKey } = await fetch(`${url}/_sandbox/keys`).then((res) => res.json()) as { publicKey: string };
  good = await startReferenceMerchant('good', goodKeys, url, publicKey);
  sloppy = await startReferenceMerchant('sloppy', sloppyKeys, url, publicKey);
  dir = await mkdtemp(join(tmpdir(), 'certify-cli-'));
}, 240_000);

afterAll(async () => {
  await good?.close();
  await sloppy?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('alipay-sandbox certify (CLI)', () => {
  it('webhook: exits 0 for the well-behaved merchant and writes the report as JSON, JUnit and HTML', async () => {
    const out = join(dir, 'good');
    const run = await runCli(['certify', 'webhook', '--url', url, '--client-id', 'CLI_GOOD', '--notify-url', good.notifyUrl, '--report', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASSED: 6 passed, 0 failed, 2 skipped, 0 not observed, 1 informational/m);
    const json = JSON.parse(await readFile(join(out, 'certify-webhook.json'), 'utf8')) as CertifyReport;
    expect(json.passed).toBe(true);
    const cases = await readJunit(join(out, 'certify-webhook.junit.xml'));
    expect(cases).toHaveLength(9);
    expect(cases.filter((c) => c.failure !== undefined)).toEqual([]);
    expect(cases.filter((c) => c.skipped !== undefined)).toHaveLength(2);
    const html = await readFile(join(out, 'certify-webhook.html'), 'utf8');
    expect(html).toContain('Passed: every graded check passed.');
    expect(html).not.toMatch(/<script|<link|src=/);
  }, 240_000);

  it('webhook: exits 1 for the sloppy merchant, with a JUnit failure for each check it breaks', async () => {
    const out = join(dir, 'sloppy');
    const run = await runCli(['certify', 'webhook', '--url', url, '--client-id', 'CLI_SLOPPY', '--notify-url', sloppy.notifyUrl, '--report', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}a notification signed with another key is not acknowledged$/m);
    const failures = (await readJunit(join(out, 'certify-webhook.junit.xml'))).filter((c) => c.failure !== undefined).map((c) => c.name.split(':')[0]);
    expect(failures).toEqual(['forged-signature-refused', 'tampered-body-refused', 'missing-signature-refused']);
  }, 240_000);

  it('checkout: start, the merchant\'s own flows, then a report that exits 0 for the well-behaved merchant', async () => {
    const start = await runCli(['certify', 'checkout', 'start', '--url', url, '--client-id', 'CLI_GOOD']);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/1\. pay answered U UNKNOWN_EXCEPTION/);
    for (const order of ['ORDER_C1', 'ORDER_C2', 'ORDER_C3', 'ORDER_C4', 'ORDER_C5']) await good.checkout(order);
    const out = join(dir, 'checkout');
    const report = await runCli(['certify', 'checkout', 'report', '--url', url, '--client-id', 'CLI_GOOD', '--report', out]);
    expect(report.stdout).toMatch(/^PASSED: 5 passed, 0 failed/m);
    expect(report.code).toBe(0);
    const cases = await readJunit(join(out, 'certify-checkout.junit.xml'));
    expect(cases.map((c) => c.name.split(':')[0])).toEqual(['unknown-exception', 'no-answer', 'declined', '3ds-challenge', 'notification-held']);
  }, 240_000);

  it('refuses bad flags and an absent sandbox with a clear message and no stack trace', async () => {
    const [missing, ftp, absent] = await Promise.all([
      runCli(['certify', 'webhook', '--url', url, '--client-id', 'CLI_GOOD']),
      runCli(['certify', 'webhook', '--url', url, '--client-id', 'CLI_GOOD', '--notify-url', 'ftp://127.0.0.1/notify']),
      runCli(['certify', 'checkout', 'report', '--url', 'http://127.0.0.1:1', '--client-id', 'CLI_GOOD']),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option '--notify-url <url>' not specified/);
    expect(ftp.code).toBe(1);
    expect(ftp.stderr).toMatch(/--notify-url <url>' argument 'ftp:\/\/127.0.0.1\/notify' is invalid. must be an http or https URL/);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/no sandbox answered at http:\/\/127.0.0.1:1/);
    for (const run of [missing, ftp, absent]) expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 240_000);
});
