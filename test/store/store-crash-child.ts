// A store in its own process, so a test can kill it with SIGKILL in the middle of its work. It applies
// the numbered operations of store-operations.ts in order from `first` (where the last life's data ended),
// commits in small groups, and after each commit appends how many operations are durable to the
// acknowledgement file. A synchronous write is in the kernel before the next operation starts, so what the
// file says survives the kill; a pipe would not do (what the child queued in its own memory dies with it).
import { openSync, writeSync } from 'node:fs';
import { SandboxStore } from '../../server/store/sandbox-store.ts';
import { applyOperation } from './store-operations.ts';

const [dataDir, compactBytes, first, ackFile] = process.argv.slice(2);
const store = await SandboxStore.open(dataDir!, { compactBytes: Number(compactBytes) });
const acks = openSync(ackFile!, 'a');
for (let n = Number(first); ; ) {
  for (const end = n + 25; n < end; n++) {
    applyOperation(store, n);
  }
  await store.commit();
  writeSync(acks, `acked ${n}\n`);
}
