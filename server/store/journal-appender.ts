// The open journal file of a store: appends to it, synchronously, and keeps watch over it. A failed or
// short append is cut off again, so the next one never follows a torn line; and once the file at the
// journal's path is no longer the one open (the data directory was deleted or replaced), everything is
// refused, loudly and once in the log: appending on to an unlinked file would answer S for payments that
// vanish with it, and writing a fresh directory would replace the sandbox key merchants trust.
import { closeSync, fstatSync, ftruncateSync, statSync, writeSync } from 'node:fs';
import { DataDirectoryLostError } from './store-records.ts';

/**
 * How often, at most, a commit checks that the journal it appends to is still the file at its path (one
 * stat, compared with the open file's device and inode). A deleted or replaced data directory is noticed
 * by the first commit after this long; commits inside that window still reach the now unlinked file.
 */
export const IDENTITY_CHECK_MS = 50;

export class JournalAppender {
  /** The journal's file descriptor, open for appending. */
  private fd: number | undefined;
  /** Bytes appended since the journal was last emptied or replaced. */
  bytes = 0;
  /** Set when a failed append could not be cut off again: nothing may follow its torn line. */
  private broken: Error | undefined;
  /** Set once the journal's file is no longer at its path. */
  private lost: Error | undefined;
  /** The open journal's device and inode, and when they were last compared with the path's. */
  private identity: { dev: number; ino: number } | undefined;
  private checkedAt = 0;
  /** The last append's failure, until an append succeeds again: what health reports. */
  private failing: Error | undefined;

  constructor(private readonly path: string, private readonly dir: string) {}

  get isOpen(): boolean { return this.fd !== undefined; }

  /** Appends go to `fd` from now on (the byte count starts again); its identity is what later checks compare the path with. Returns the previous descriptor. */
  use(fd: number): number | undefined {
    const previous = this.fd;
    this.fd = fd;
    this.bytes = 0;
    const { dev, ino } = fstatSync(fd);
    this.identity = { dev, ino };
    return previous;
  }

  /** Whether the journal is still the file at its path (checked now); the error every change gets once it is not. */
  checkIdentity(): Error | undefined {
    if (this.lost || !this.identity) return this.lost;
    this.checkedAt = Date.now();
    const now = statSync(this.path, { throwIfNoEntry: false });
    if (now && now.dev === this.identity.dev && now.ino === this.identity.ino) return undefined;
    this.lost = new DataDirectoryLostError(`the data directory ${this.dir} is gone or replaced (${this.path} is ${now ? 'another file' : 'missing'}); nothing more is stored and every change is refused until the sandbox restarts`);
    console.error(`\n*** alipay-sandbox: ${this.lost.message} ***\n`);
    return this.lost;
  }

  /** The identity check at most every IDENTITY_CHECK_MS: nothing on the hot path, whatever the commit rate. Throws once the journal is lost. */
  checkIdentitySometimes(): void {
    if (this.lost || Date.now() - this.checkedAt >= IDENTITY_CHECK_MS) {
      const lost = this.checkIdentity();
      if (lost) throw lost;
    }
  }

  /** Why the journal cannot keep what it is given (checked now), or undefined while it can. */
  health(): string | undefined {
    return (this.checkIdentity() ?? this.broken ?? this.failing)?.message;
  }

  /**
   * A synchronous append of a few kilobytes to the page cache takes microseconds; through the thread pool
   * it would wait behind the RSA signatures queued there, and every answer with it.
   */
  append(bytes: Buffer): void {
    if (this.broken) throw this.broken;
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.fd!, bytes, written);
    } catch (error) {
      this.failing = error as Error;
      try {
        ftruncateSync(this.fd!, this.bytes);
      } catch (cutError) {
        // The next start drops a torn last line; a line appended after it would make the file unreadable.
        this.broken = new Error(`the journal ${this.path} ends in an append that could not be cut off (${(cutError as Error).message}); nothing more is written until the sandbox restarts`);
      }
      throw error;
    }
    this.bytes += bytes.length;
    this.failing = undefined;
  }

  /** Empties the journal (its changes are in the segments now). */
  empty(): void {
    ftruncateSync(this.fd!, 0);
    this.bytes = 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
