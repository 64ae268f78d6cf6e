// A store in its own process, so a test can kill it with SIGKILL in the middle of its work. It applies
// the numbered operations of store-operations.ts in order from `first` (where the last life's data ended),
// commits in small groups, and after each commit prints how many operations are durable ("acked N").
import { SandboxStore } from '../../server/store/sandbox-store.ts';
import { applyOperation } from './store-operations.ts';

const [dataDir, compactBytes, first] = process.argv.slice(2);
const store = await SandboxStore.open(dataDir!, { compactBytes: Number(compactBytes) });
process.stdout.write('ready\n');
for (let n = Number(first); ; ) {
  for (const end = n + 25; n < end; n++) {
    applyOperation(store, n);
  }
  await store.commit();
  process.stdout.write(`acked ${n}\n`);
}
