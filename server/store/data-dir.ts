// Taking a data directory into use: the folder itself (0700), a .gitignore in it, and the lock.
//
// The .gitignore (written once, never overwritten) keeps the sandbox's private key and data out of a
// repository when the directory sits inside one, as the default ./.alipay-sandbox does.
//
// One sandbox per data directory. Two processes appending to one journal would interleave their lines and
// each fold the other's away, so the second to start refuses, naming the directory and the first process.
//
// The lock itself is held by the kernel where it can be: on Linux, an abstract Unix socket named after the
// directory's real path. Binding it is atomic and the kernel frees it when the process dies however it
// dies, so a crashed sandbox leaves no stale lock and two starting at once cannot both win. The file
// DATA/sandbox.lock only says who holds it (pid, start time, URL). Elsewhere there are no abstract
// sockets: the file is the lock (created exclusively), and one whose pid no longer runs is stale and taken
// over; two processes taking over the same stale lock at the same instant is the one case not excluded.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, realpath, unlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockHolder { pid: number; host: string; startedAt: string; url?: string }

export interface DataDirLock {
  /** Records where this sandbox listens, for the message a second one prints. */
  describe(url: string): Promise<void>;
  release(): Promise<void>;
}

export const LOCK_FILE = 'sandbox.lock';
const KERNEL_LOCKS = process.platform === 'linux';

export class DataDirInUse extends Error {
  constructor(dir: string, holder: LockHolder | undefined) {
    const who = holder ? `pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}${holder.url ? `, ${holder.url}` : ''}` : 'another process';
    super(`data directory ${dir} is in use by another alipay-sandbox (${who}); stop it, or start this one with another --data or --memory`);
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
    return Number.isSafeInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function bindAbstract(name: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error)));
    server.listen(`\0${name}`, () => {
      server.unref();
      resolve(server);
    });
  });
}

const GITIGNORE = '# Written by alipay-sandbox: this folder holds the sandbox\'s private key and its data.\n*\n';

/** Takes the directory for this process, or throws DataDirInUse. Creates the directory (0700) if needed. */
export async function claimDataDir(dir: string): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, '.gitignore'), GITIGNORE, { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const file = join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const write = () => writeFile(file, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  let server: Server | undefined;
  if (KERNEL_LOCKS) {
    const key = createHash('sha256').update(await realpath(dir)).digest('hex').slice(0, 32);
    server = await bindAbstract(`alipay-sandbox/${key}`);
    if (!server) throw new DataDirInUse(dir, await readHolder(file));
    await write();
  } else {
    await takeLockFile(dir, file, holder);
  }
  return {
    async describe(url) {
      holder.url = url;
      await write();
    },
    async release() {
      await unlink(file).catch(() => undefined);
      server?.close();
    },
  };
}

async function takeLockFile(dir: string, file: string, holder: LockHolder): Promise<void> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      await handle.writeFile(`${JSON.stringify(holder)}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const other = await readHolder(file);
    if (other && other.pid !== process.pid && isRunning(other.pid)) throw new DataDirInUse(dir, other);
    await unlink(file).catch(() => undefined);
  }
  throw new DataDirInUse(dir, await readHolder(file));
}
