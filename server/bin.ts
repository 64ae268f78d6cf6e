#!/usr/bin/env node
// The alipay-sandbox command. Installed, it runs the compiled dist/server/bin.js; in a checkout,
// `npm start` runs this file from source through tsx (node --import tsx server/bin.ts).
import { availableParallelism } from 'node:os';

// libuv's thread pool does the RSA signing. Sized to the cores, its threads do not time-slice the thread
// that serves requests; more would only add switching. Set before anything uses the pool, which is why the
// CLI itself is imported only afterwards.
process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());

await import('./cli/main.ts');
