#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so there is no build step to forget.
import { availableParallelism } from 'node:os';
import { register } from 'tsx/esm/api';

// libuv's thread pool does the RSA signing. Sized to the cores, its threads do not time-slice the thread
// that serves requests; more would only add switching. Set before anything uses the pool.
process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());

register();
await import('./cli/main.ts');
