// A damaged data directory never loses data quietly. Each journal line and each segment carries a CRC-32,
// and the data directory counts its segments, so a journal cut short, a flipped byte, an edited digit that
// is still valid JSON and a deleted segment all stop start-up, naming the file and the line, and leave the
// file as it was. With `repair`, the damaged file is moved aside byte for byte and the sandbox starts with
// every intact change, listing exactly what it dropped.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { checksum } from '../../server/store/journal-file.ts';
import { cardPay } from '../support/bodies.ts';
import { NODE_ARGS, startCli } from '../support/cli.ts';

const CHILD = new URL('../notify/crash-child.ts', import.meta.url).pathname;
const PAYMENTS = 100;
let crashed: string;
let closed: string;

/** A data directory left by a sandbox killed (SIGKILL) after answering PAYMENTS pays: all of them are in its journal. */
async function directoryAfterCrash(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-sandbox-damage-'));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
  for (let i = 0; i < PAYMENTS; i++) {
    const res = await fetch(`${url}/ams/api/v1/payments/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cardPay()) });
    expect(((await res.json()) as { result: { resultStatus: string } }).result.resultStatus).toBe('S');
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return dir;
}

const copyOf = async (dir: string) => {
  const copy = await mkdtemp(join(tmpdir(), 'alipay-sandbox-damage-'));
  await cp(dir, copy, { recursive: true });
  return copy;
};
const journalOf = (dir: string) => join(dir, 'db', 'journal.ndjson');

/** The payment ids of a journal's intact lines (the test's own reading of the format). */
function paymentIdsIn(lines: string[]): Set<string> {
  const ids = new Set<string>();
  for (const line of lines) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0 || checksum(line.slice(0, tab)) !== line.slice(tab + 1)) continue;
    const entry = JSON.parse(line.slice(0, tab)) as { t: string; id: string };
    if (entry.t === 'payments') ids.add(entry.id);
  }
  return ids;
}

/** Starts on a damaged directory: refused without repair (file untouched), then with repair; returns what that kept. */
async function refusedThenRepaired(dir: string, damaged: string, message: RegExp) {
  const before = await readFile(damaged);
  await expect(createSandbox({ dataDir: dir })).rejects.toThrow(message);
  expect((await readFile(damaged)).equals(before)).toBe(true);
  const repaired = await createSandbox({ dataDir: dir, repair: true });
  const aside = (await readdir(join(dir, 'db'))).filter((f) => f.startsWith(`${damaged.split('/').pop()}.damaged-`));
  if (aside.length) expect((await readFile(join(dir, 'db', aside[0]!))).equals(before)).toBe(true);
  const kept = new Set([...repaired.store.payments.values()].map((p) => p.paymentId));
  const repairs = [...repaired.store.repairs];
  await repaired.close();
  // Repaired once, the directory starts again without complaint and with the same payments.
  const again = await createSandbox({ dataDir: dir });
  expect(again.store.payments.size).toBe(kept.size);
  await again.close();
  return { kept, repairs, aside };
}

beforeAll(async () => {
  crashed = await directoryAfterCrash();
  closed = await copyOf(crashed);
  await (await createSandbox({ dataDir: closed })).close();
}, 60_000);

describe('a damaged journal', () => {
  it('the intact journal loads every payment', async () => {
    const dir = await copyOf(crashed);
    const lines = (await readFile(journalOf(dir), 'utf8')).split('\n').slice(0, -1);
    expect(paymentIdsIn(lines).size).toBe(PAYMENTS);
    const sandbox = await createSandbox({ dataDir: dir });
    expect(sandbox.store.payments.size).toBe(PAYMENTS);
    await sandbox.close();
  });

  it('killed between setting the journal aside for compaction and opening a fresh one: not damage, nothing lost', async () => {
    const dir = await copyOf(crashed);
    await rename(journalOf(dir), join(dir, 'db', 'journal-folding.ndjson'));
    const sandbox = await createSandbox({ dataDir: dir });
    expect(sandbox.store.payments.size).toBe(PAYMENTS);
    expect(sandbox.store.repairs).toEqual([]);
    await sandbox.close();
  });

  it('cut in the middle of a line: refused, naming the line; repaired, every whole line is kept', async () => {
    const dir = await copyOf(crashed);
    const text = await readFile(journalOf(dir), 'utf8');
    // Half the file, moved past the start of the line it falls in, so the cut line still says what it was.
    const cut = text.indexOf('\n', Math.floor(text.length / 2)) - 100;
    await writeFile(journalOf(dir), text.slice(0, cut));
    const whole = text.slice(0, cut).split('\n').slice(0, -1);
    const line = whole.length + 1;
    const { kept, repairs, aside } = await refusedThenRepaired(dir, journalOf(dir), new RegExp(`journal\\.ndjson line ${line} is cut short`));
    expect(kept).toEqual(paymentIdsIn(whole));
    expect(kept.size).toBeGreaterThan(PAYMENTS / 4);
    expect(aside).toHaveLength(1);
    expect(repairs).toEqual([expect.stringMatching(new RegExp(`journal\\.ndjson line ${line}: cut short .*dropped (payments|timers|notifications) \\S+`))]);
  });

  it('a flipped byte: refused, naming the line; repaired, only that line is dropped', async () => {
    const dir = await copyOf(crashed);
    const lines = (await readFile(journalOf(dir), 'utf8')).split('\n');
    const index = lines.findIndex((l, i) => i >= 36 && l.startsWith('{"t":"payments"'));
    const bytes = Buffer.from(lines[index]!);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x04;
    lines[index] = bytes.toString('latin1');
    await writeFile(journalOf(dir), lines.join('\n'), 'latin1');
    const id = /"id":"(\d+)"/.exec(lines[index]!)![1]!;
    const { kept, repairs } = await refusedThenRepaired(dir, journalOf(dir), new RegExp(`journal\\.ndjson line ${index + 1} is damaged \\(checksum mismatch\\)`));
    expect(kept.size).toBe(PAYMENTS - 1);
    expect(kept.has(id)).toBe(false);
    expect(repairs).toEqual([expect.stringContaining(`line ${index + 1}: damaged (checksum mismatch); dropped payments ${id}`)]);
  });

  it('an edited digit that is still valid JSON is not loaded as real', async () => {
    const dir = await copyOf(crashed);
    const lines = (await readFile(journalOf(dir), 'utf8')).split('\n');
    const index = lines.findIndex((l, i) => i >= 49 && l.includes('"value":"30000"'));
    lines[index] = lines[index]!.replace('"value":"30000"', '"value":"90000"');
    JSON.parse(lines[index]!.slice(0, lines[index]!.lastIndexOf('\t')));
    await writeFile(journalOf(dir), lines.join('\n'));
    const { kept } = await refusedThenRepaired(dir, journalOf(dir), new RegExp(`journal\\.ndjson line ${index + 1} is damaged \\(checksum mismatch\\)`));
    expect(kept.size).toBe(PAYMENTS - 1);
  });
});

describe('a damaged segment', () => {
  it('a deleted segment: refused, naming it; repaired, started without it and saying so', async () => {
    const dir = await copyOf(closed);
    const segment = join(dir, 'db', 'payments-000000.json');
    await rm(segment);
    await expect(createSandbox({ dataDir: dir })).rejects.toThrow(`data file ${segment} is missing`);
    const repaired = await createSandbox({ dataDir: dir, repair: true });
    expect(repaired.store.payments.size).toBe(0);
    expect(repaired.store.repairs).toEqual([expect.stringContaining(`${segment}: missing`)]);
    await repaired.close();
    expect((await createSandbox({ dataDir: dir })).store.payments.size).toBe(0);
  });

  it('a flipped byte in a segment: refused; repaired, its records are listed as dropped and the file kept aside', async () => {
    const dir = await copyOf(closed);
    const segment = join(dir, 'db', 'payments-000000.json');
    const text = await readFile(segment, 'utf8');
    await writeFile(segment, text.replace('"30000"', '"90000"'));
    const { kept, repairs, aside } = await refusedThenRepaired(dir, segment, new RegExp(`payments-000000\\.json is corrupt \\(checksum mismatch\\)`));
    expect(kept.size).toBe(0);
    expect(aside).toHaveLength(1);
    expect(repairs).toEqual([expect.stringContaining(`dropped ${PAYMENTS} record(s)`)]);
  });
});

describe('alipay-sandbox start on a damaged journal', () => {
  it('exits 1 naming the file, the line and --repair; with --repair it starts and logs what it dropped', async () => {
    const dir = await copyOf(crashed);
    const lines = (await readFile(journalOf(dir), 'utf8')).split('\n');
    // The first payment line: which rows come first (a payment, or its expiry's timer) varies run to run.
    const index = lines.findIndex((l) => l.includes('"value":"30000"'));
    lines[index] = lines[index]!.replace('"value":"30000"', '"value":"30001"');
    await writeFile(journalOf(dir), lines.join('\n'));
    const refused = spawn(process.execPath, [...NODE_ARGS, 'start', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    refused.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    // Bounded, and saying what it printed: a start that neither refuses nor finishes is a failure to read.
    const exit = await new Promise((resolve) => {
      const timer = setTimeout(() => { refused.kill('SIGKILL'); resolve(`still running after 90 s:\n${stderr}`); }, 90_000);
      refused.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    });
    expect(exit, stderr).toBe(1);
    expect(stderr).toContain(`${journalOf(dir)} line ${index + 1} is damaged (checksum mismatch)`);
    expect(stderr).toContain('--repair');
    const { child, output } = await startCli(['--port', '0', '--data', dir, '--repair']);
    child.kill('SIGKILL');
    expect(output).toContain(`repair: ${journalOf(dir)} line ${index + 1}: damaged (checksum mismatch); dropped payments`);
  }, 240_000);
});
