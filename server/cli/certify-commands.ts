// alipay-sandbox certify webhook | checkout start|status|report|stop: merchant certification against a
// running sandbox. Reports are printed as one line per check and, with --report DIR, written as JSON,
// JUnit XML and HTML. The command exits 0 only when every graded check passed (1 otherwise), so a CI job
// can run it as a step and hand the JUnit file to its test report.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CertifyReport } from '../../schemas/control/certify.ts';
import { renderHtml } from '../certify/report-html.ts';
import { renderJunit } from '../certify/report-junit.ts';
import { callControlPlane, printJson, urlOption } from './control-client.ts';

interface CaseStatus { order: number; id: string; scenario: string; description: string; state: string; paymentRequestId?: string }
interface RunAnswer { run: { id: string; clientId: string; startedAt: string; cases: CaseStatus[] } }

function clientId(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) throw new InvalidArgumentError('must be 1 to 64 letters, digits, "_", "." or "-"');
  return value;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http or https URL, e.g. http://127.0.0.1:3000/antom/notify');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an http or https URL');
  return value;
}

const MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP', 'not-observed': 'N/O ', info: 'INFO' };

/** Prints the report, writes its three forms when asked, and sets the exit code from it. */
async function finish(report: CertifyReport, dir: string | undefined, json: boolean | undefined): Promise<void> {
  if (dir) {
    const target = resolve(dir);
    try {
      await mkdir(target, { recursive: true });
      const base = join(target, `certify-${report.kind}`);
      await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
      await writeFile(`${base}.junit.xml`, renderJunit(report));
      await writeFile(`${base}.html`, renderHtml(report));
    } catch (error) {
      throw new Error(`the report could not be written to ${target}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (json) printJson(report);
  else {
    for (const check of report.checks) {
      process.stdout.write(`${MARK[check.verdict]}  ${check.name}\n      ${check.detail}\n${check.fix ? `      fix: ${check.fix}\n` : ''}`);
    }
    const c = report.counts;
    process.stdout.write(`${report.passed ? 'PASSED' : 'FAILED'}: ${c.pass} passed, ${c.fail} failed, ${c.skipped} skipped, ${c['not-observed']} not observed, ${c.info} informational (report ${report.id})\n`);
    if (dir) process.stdout.write(`reports: ${join(resolve(dir), `certify-${report.kind}`)}.{json,junit.xml,html}\n`);
  }
  process.exitCode = report.passed ? 0 : 1;
}

export function certifyCommands(): Command {
  const certify = new Command('certify').description('grade a merchant\'s integration against Antom\'s go-live expectations');

  certify.command('webhook')
    .description('send signed, forged, tampered, unsigned, duplicate and extended notifications to the merchant\'s notify URL and grade the answers')
    .addOption(urlOption())
    .requiredOption('--client-id <id>', 'the merchant\'s client id', clientId)
    .requiredOption('--notify-url <url>', 'the merchant\'s notification endpoint', httpUrl)
    .option('--capture', 'also send notifyCapture (sent anyway when the sandbox has seen this merchant capture)')
    .option('--refund', 'also send notifyRefund (sent anyway when the sandbox has seen this merchant refund)')
    .option('--report <dir>', 'write certify-webhook.json, .junit.xml and .html into this directory')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { url: string; clientId: string; notifyUrl: string; capture?: boolean; refund?: boolean; report?: string; json?: boolean }) => {
      const answer = (await callControlPlane(opts.url, 'POST', '/certify/webhook', {
        clientId: opts.clientId, notifyUrl: opts.notifyUrl, ...(opts.capture ? { capture: true } : {}), ...(opts.refund ? { refund: true } : {}),
      })) as { report: CertifyReport };
      await finish(answer.report, opts.report, opts.json);
    });

  const checkout = new Command('checkout').description('a checkout certification run: the merchant\'s next new paymentRequestIds get a planned series of outcomes');

  checkout.command('start')
    .description('arm a run for a merchant (replaces its pins): run your checkout flows, then "certify checkout report"')
    .addOption(urlOption())
    .requiredOption('--client-id <id>', 'the merchant\'s client id', clientId)
    .action(async (opts: { url: string; clientId: string }) => {
      const { run } = (await callControlPlane(opts.url, 'POST', '/certify/checkout', { clientId: opts.clientId })) as RunAnswer;
      process.stdout.write(`armed checkout certification ${run.id} for ${run.clientId}; its next new paymentRequestIds get, in order:\n`);
      for (const c of run.cases) process.stdout.write(`  ${c.order}. ${c.description} (scenario ${c.scenario})\n`);
    });

  checkout.command('status')
    .description('which planned cases a pay has taken so far')
    .addOption(urlOption())
    .requiredOption('--client-id <id>', 'the merchant\'s client id', clientId)
    .action(async (opts: { url: string; clientId: string }) => {
      const { run } = (await callControlPlane(opts.url, 'GET', `/certify/checkout/${encodeURIComponent(opts.clientId)}`)) as RunAnswer;
      for (const c of run.cases) process.stdout.write(`  ${c.order}. ${c.state.padEnd(7)} ${c.description}${c.paymentRequestId ? ` (paymentRequestId ${c.paymentRequestId})` : ''}\n`);
    });

  checkout.command('report')
    .description('grade what the request journal saw since the run started')
    .addOption(urlOption())
    .requiredOption('--client-id <id>', 'the merchant\'s client id', clientId)
    .option('--report <dir>', 'write certify-checkout.json, .junit.xml and .html into this directory')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { url: string; clientId: string; report?: string; json?: boolean }) => {
      const answer = (await callControlPlane(opts.url, 'POST', `/certify/checkout/${encodeURIComponent(opts.clientId)}/report`)) as { report: CertifyReport };
      await finish(answer.report, opts.report, opts.json);
    });

  checkout.command('stop')
    .description('disarm the run: the planned cases still waiting are unpinned')
    .addOption(urlOption())
    .requiredOption('--client-id <id>', 'the merchant\'s client id', clientId)
    .action(async (opts: { url: string; clientId: string }) => {
      const { run } = (await callControlPlane(opts.url, 'DELETE', `/certify/checkout/${encodeURIComponent(opts.clientId)}`)) as RunAnswer;
      process.stdout.write(`stopped checkout certification ${run.id} for ${run.clientId}\n`);
    });

  certify.addCommand(checkout);
  return certify;
}
