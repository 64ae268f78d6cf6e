// committed(): the wait before work that must only start once everything before it is stored (a
// notification attempt). With nothing to write it costs no commit of its own, but it refuses what a commit
// refuses: a data directory that is gone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/create-sandbox.ts';
import { IDENTITY_CHECK_MS } from '../../server/store/sandbox-store.ts';

describe('committed()', () => {
  it('resolves at once with nothing to write, writes what is pending, and is refused once the data directory is gone', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'alipay-sandbox-committed-')), 'data');
    const sandbox = await createSandbox({ dataDir: dir });
    const { store } = sandbox;
    await store.commit();
    await expect(store.committed()).resolves.toBeUndefined();
    store.settings.put({ id: 'probe', value: 1 });
    await store.committed();
    // What was pending is in the journal now: nothing is left to write.
    expect(store.settings.changed).toBe(false);

    await rm(dir, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, IDENTITY_CHECK_MS + 20));
    await expect(store.committed()).rejects.toThrow(/is gone or replaced/);
    await sandbox.close().catch(() => undefined);
  });
});
