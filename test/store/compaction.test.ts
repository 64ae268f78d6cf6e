// The journal is folded into the segment files in the background once it passes the compaction size,
// while commits go on into a fresh journal. Whatever happens in between (a restart, or SIGKILL in the
// middle of a compaction) every acknowledged change is there afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SandboxStore } from '../../server/store/sandbox-store.ts';
import { applyOperation, storeOperation, stateAfter } from './store-operations.ts';

const CHILD = new URL('./store-crash-child.ts', import.meta.url).pathname;
const tempDir = () => mkdtemp(join(tmpdir(), 'alipay-sandbox-store-'));
const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) c.kill('SIGKILL'); });

const storedState = (store: SandboxStore) => new Map([...store.settings.values()].map((s) => [s.id, s.value]));

/** The last count the child wrote to its acknowledgement file (`from` before its first commit). */
function acknowledged(ackFile: string, from: number): number {
  if (!existsSync(ackFile)) return from;
  const last = /acked (\d+)\n(?![\s\S]*acked)/.exec(readFileSync(ackFile, 'utf8'));
  return last ? Number(last[1]) : from;
}

/** The count of operations whose state the store holds: at least `acked`, and at most `issued`. */
function matchingPrefix(store: SandboxStore, acked: number, issued: number): number | undefined {
  const stored = storedState(store);
  const state = stateAfter(acked);
  for (let n = acked; n <= issued; n++) {
    if (state.size === stored.size && [...state].every(([id, value]) => stored.get(id) === value)) return n;
    const op = storeOperation(n);
    if (op.value === undefined) state.delete(op.id);
    else state.set(op.id, op.value);
  }
  return undefined;
}

describe('background compaction', () => {
  it('sets the journal aside, folds it into the segments and keeps every change across a restart', async () => {
    const dir = await tempDir();
    const store = await SandboxStore.open(dir, { compactBytes: 16 * 1024 });
    let sawFolding = false;
    const count = 6000;
    for (let n = 0; n < count; ) {
      for (const end = n + 50; n < end; n++) {
        applyOperation(store, n);
      }
      await store.commit();
      sawFolding ||= existsSync(join(dir, 'db', 'journal-folding.ndjson'));
    }
    expect(sawFolding).toBe(true);
    expect(storedState(store)).toEqual(stateAfter(count));
    await store.close();
    expect(await readdir(join(dir, 'db'))).not.toContain('journal-folding.ndjson');

    const again = await SandboxStore.open(dir);
    expect(storedState(again)).toEqual(stateAfter(count));
    await again.close();
  });

  it('keeps the set-aside journal when a segment cannot be written, and loses nothing', async () => {
    const dir = await tempDir();
    const store = await SandboxStore.open(dir, { compactBytes: 16 * 1024 });
    // A directory where segment 10 is to be renamed into place: every rewrite of that segment fails.
    const blocked = join(dir, 'db', 'settings-000010.json');
    await mkdir(blocked);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let count = 0;
    try {
      const failed = () => logged.mock.calls.some(([message]) => String(message).includes('journal-folding.ndjson failed'));
      // Until a compaction has run into segment 10 (lowdb's writer retries the rename for about a second
      // before it gives up): batches of 400 operations, each past the compaction size, with the last
      // compaction over before the next batch, so that one of them certainly includes segment 10.
      for (let batch = 0; batch < 40 && !failed(); batch++) {
        await store.settled();
        for (const end = count + 400; count < end; ) {
          for (const groupEnd = count + 50; count < groupEnd; count++) {
            applyOperation(store, count);
          }
          await store.commit();
        }
      }
      await store.settled();
      expect(failed()).toBe(true);
    } finally {
      logged.mockRestore();
    }
    expect(existsSync(join(dir, 'db', 'journal-folding.ndjson'))).toBe(true);

    // As after a crash: the store is never closed; the next start replays both journals.
    await rmdir(blocked);
    const again = await SandboxStore.open(dir);
    expect(storedState(again)).toEqual(stateAfter(count));
    await again.close();
  });

  it('loses no acknowledged change when killed with SIGKILL, in the middle of a compaction or not', async () => {
    const dir = await tempDir();
    let crashesMidCompaction = 0;
    // The operations the data holds: each life goes on from where the last one's data ended.
    let applied = 0;
    for (let life = 0; life < 4; life++) {
      // The child appends "acked N" to this file after each commit, with a synchronous write: what the file
      // says is exactly what the child had acknowledged when it died, however late this process reads it.
      const ackFile = join(dir, `acks-${life}.txt`);
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(32 * 1024), String(applied), ackFile], { stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + 20_000;
      while (!(acknowledged(ackFile, applied) > applied + 3000 && existsSync(join(dir, 'db', 'journal-folding.ndjson')))) {
        if (Date.now() > deadline) throw new Error(`life ${life}: no compaction under way after ${acknowledged(ackFile, applied) - applied} operations`);
        await new Promise((r) => setTimeout(r, 2));
      }
      child.kill('SIGKILL');
      await exited;
      if (existsSync(join(dir, 'db', 'journal-folding.ndjson'))) crashesMidCompaction++;

      const acked = acknowledged(ackFile, applied);
      const store = await SandboxStore.open(dir);
      // Every acknowledged operation is there, and at most two groups of 25 past them: the group whose
      // commit was durable before its "acked" line was written, and the group being committed.
      const held = matchingPrefix(store, acked, acked + 50);
      expect(held, `life ${life}: acknowledged ${acked}`).toBeDefined();
      applied = held!;
      await store.close();
    }
    expect(crashesMidCompaction).toBeGreaterThan(0);
  }, 60_000);
});
