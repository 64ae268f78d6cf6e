// A sandbox in its own process, on a data directory, so a test can kill it with SIGKILL mid-delivery.
import { createSandbox } from '../../server/create-sandbox.ts';

const [dataDir, timeScale] = process.argv.slice(2);
const sandbox = await createSandbox({ dataDir, clock: 'real', timeScale: Number(timeScale ?? 1), notifyTimeoutMs: 60_000 });
const { url } = await sandbox.listen(0);
process.stdout.write(`${url}\n`);
