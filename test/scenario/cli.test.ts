// `alipay-sandbox start --scenarios DIR --seed N` and `alipay-sandbox scenarios list|show|pin|pins|unpin`
// against a running sandbox, as a QA engineer would use them from a shell.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPay } from '../support/bodies.ts';
import { NODE_ARGS, runCli, startCli } from '../support/cli.ts';
import { spawn } from 'node:child_process';

let child: ChildProcess;
let url: string;
let output: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-cli-scenarios-'));
  await writeFile(join(dir, 'qa.yaml'), [
    'scenarios:',
    '  - { name: qa-decline, description: "QA: a plain decline.", outcome: { status: F, code: DO_NOT_HONOR } }',
    'rules:',
    '  - { when: { referenceBuyerId: qa-buyer }, scenario: qa-decline }',
  ].join('\n'));
  ({ child, url, output } = await startCli(['--memory', '--port', '0', '--clock', 'manual', '--scenarios', dir, '--seed', '42']));
}, 120_000);
afterAll(() => { child.kill('SIGKILL'); });

async function pay(order?: object) {
  const body = cardPay(order ? { order } : {});
  const res = await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { code: ((await res.json()) as { result: { resultCode: string } }).result.resultCode, scenario: res.headers.get('x-sandbox-scenario') };
}

// CLI children start from source; on a busy machine each takes seconds.
describe('alipay-sandbox start --scenarios DIR --seed N', { timeout: 180_000 }, () => {
  it('loads the files and says so', async () => {
    expect(output).toMatch(/scenarios: {4}\d+ \(1 rule\(s\) from --scenarios\), seed 42/);
    expect(await pay({ buyer: { referenceBuyerId: 'qa-buyer' } })).toEqual({ code: 'DO_NOT_HONOR', scenario: 'qa-decline' });
  });

  it('refuses to start on a bad file, naming file, line, path and rule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-cli-bad-'));
    await writeFile(join(dir, 'bad.yaml'), 'rules:\n  - when: { amount: { value: "1.5" } }\n    scenario: RISK_REJECT\n');
    const bad = spawn(process.execPath, [...NODE_ARGS, 'start', '--memory', '--port', '0', '--scenarios', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const code = await new Promise((resolve) => bad.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.yaml:2: rules\[0\]\.when\.amount\.value must match \^\[1-9\]\[0-9\]\{0,15\}\$/);
  });
});

describe('alipay-sandbox scenarios', { timeout: 180_000 }, () => {
  it('list shows every scenario, its outcome and triggers, and the seed', async () => {
    const list = await runCli(['scenarios', 'list', '--url', url]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^RISK_REJECT +F RISK_REJECT {2}\[test card 4000000000001109 \(VISA, CREDIT, US\); amount 11\]$/m);
    expect(list.stdout).toMatch(/^qa-decline +F DO_NOT_HONOR {2}\[rules\[0\]\]$/m);
    expect(list.stdout).toMatch(/\n\d+ scenario\(s\); seed 42\n$/);
    const mine = await runCli(['scenarios', 'list', '--user', '--json', '--url', url]);
    expect(JSON.parse(mine.stdout).scenarios.map((s: { name: string }) => s.name)).toEqual(['qa-decline']);
    const show = await runCli(['scenarios', 'show', 'qa-decline', '--url', url]);
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'qa-decline', outcome: 'F DO_NOT_HONOR' });
  });

  it('pin NAME --count N --for 30m, pins, unpin', async () => {
    const pinned = await runCli(['scenarios', 'pin', 'FRAUD_REJECT', '--count', '2', '--for', '30m', '--url', url]);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toMatch(/^pinned: FRAUD_REJECT for every merchant, 2 pay\(s\) left, until \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
    expect((await pay()).code).toBe('FRAUD_REJECT');
    expect((await runCli(['scenarios', 'pins', '--url', url])).stdout).toMatch(/^FRAUD_REJECT for every merchant, 1 pay\(s\) left/);
    const unpinned = await runCli(['scenarios', 'unpin', '--url', url]);
    expect(unpinned.stdout).toMatch(/^unpinned: FRAUD_REJECT/);
    expect((await pay()).code).toBe('SUCCESS');
    expect((await runCli(['scenarios', 'unpin', '--url', url])).stdout).toBe('nothing was pinned\n');
  });

  it('pin --client-id pins for one merchant only', async () => {
    await runCli(['scenarios', 'pin', 'RISK_REJECT', '--client-id', 'SANDBOX_SOMEONE_ELSE', '--url', url]);
    expect((await pay()).code).toBe('SUCCESS');
    expect((await runCli(['scenarios', 'pins', '--url', url])).stdout).toMatch(/^RISK_REJECT for SANDBOX_SOMEONE_ELSE, until unpinned\n$/);
    await runCli(['scenarios', 'unpin', '--client-id', 'SANDBOX_SOMEONE_ELSE', '--url', url]);
  });

  it('says clearly what went wrong', async () => {
    const unknown = await runCli(['scenarios', 'pin', 'nope', '--url', url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/INVALID_BODY: scenario names no scenario: "nope"; known: success/);
    const badDuration = await runCli(['scenarios', 'pin', 'RISK_REJECT', '--for', 'soon', '--url', url]);
    expect(badDuration.code).not.toBe(0);
    expect(badDuration.stderr).toMatch(/must be a duration such as 90s, 30m or 2h/);
    const down = await runCli(['scenarios', 'list', '--url', 'http://127.0.0.1:9']);
    expect(down.stderr).toMatch(/no sandbox answered at http:\/\/127\.0\.0\.1:9/);
  });
});
