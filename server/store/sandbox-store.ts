// The sandbox's state: a few tables behind one commit(). commit() is a group commit: every change made
// before it is written together, and concurrent callers share the same write, so N requests in flight
// cost one write per changed segment rather than N.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardTokenRecord } from '../core/card-token.ts';
import { pointerKey, type LifecyclePointer } from '../core/lifecycle.ts';
import type { PaymentRecord } from '../core/payment.ts';
import { vaultingKey, type VaultingRecord } from '../core/vaulting.ts';
import type { NotificationRecord } from '../notifications/notification.ts';
import { DataFileError, Table } from './table.ts';

export interface MerchantRecord { clientId: string; publicKey: string; registeredAt: number }

/** A timer that must survive a restart (expiry, delayed settlement, notification retry). */
export interface TimerRecord { id: string; at: number; kind: string; subjectId: string; payload?: unknown }

const DATA_MARKER = { format: 'alipay-sandbox/data-dir@1' };

export class SandboxStore {
  readonly payments: Table<PaymentRecord>;
  readonly merchants: Table<MerchantRecord>;
  readonly timers: Table<TimerRecord>;
  readonly cardTokens: Table<CardTokenRecord>;
  readonly notifications: Table<NotificationRecord>;
  /** vaultPaymentMethod requests, by client and vaultingRequestId; their 3DS pages by page token. */
  readonly vaultings: Table<VaultingRecord>;
  /** Lookup rows of captures and refunds (which live on their payment): by id, and by merchant request id. */
  readonly captures: Table<LifecyclePointer>;
  readonly refunds: Table<LifecyclePointer>;
  private readonly tables: Table<unknown>[] = [];
  private scheduled: Promise<void> | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string | undefined) {
    const dbDir = dir && join(dir, 'db');
    this.payments = this.table({
      name: 'payments', dir: dbDir, idOf: (p: PaymentRecord) => p.paymentId,
      indexes: { requestId: (p) => `${p.clientId}\u0000${p.paymentRequestId}`, pageToken: (p) => p.pageToken },
    });
    this.merchants = this.table({ name: 'merchants', dir: dbDir, idOf: (m: MerchantRecord) => m.clientId });
    this.timers = this.table({ name: 'timers', dir: dbDir, idOf: (t: TimerRecord) => t.id });
    this.cardTokens = this.table({ name: 'card-tokens', dir: dbDir, idOf: (t: CardTokenRecord) => t.cardToken });
    this.notifications = this.table({ name: 'notifications', dir: dbDir, idOf: (n: NotificationRecord) => n.id });
    this.vaultings = this.table({
      name: 'vaultings', dir: dbDir, idOf: (v: VaultingRecord) => vaultingKey(v.clientId, v.vaultingRequestId),
      indexes: { pageToken: (v) => v.pageToken },
    });
    const byRequestId = { requestId: (p: LifecyclePointer) => pointerKey(p.clientId, p.requestId) };
    this.captures = this.table({ name: 'captures', dir: dbDir, idOf: (p: LifecyclePointer) => p.id, indexes: byRequestId });
    this.refunds = this.table({ name: 'refunds', dir: dbDir, idOf: (p: LifecyclePointer) => p.id, indexes: byRequestId });
  }

  /** Adds a table; later features (notifications, vault, captures) register theirs the same way. */
  table<T>(options: ConstructorParameters<typeof Table<T>>[0]): Table<T> {
    const table = new Table<T>(options);
    this.tables.push(table as Table<unknown>);
    return table;
  }

  static memory(): SandboxStore {
    return new SandboxStore(undefined);
  }

  /** Opens (or creates) a data directory. A directory holding foreign files stops start-up, untouched. */
  static async open(dir: string, extraTables: (store: SandboxStore) => void = () => {}): Promise<SandboxStore> {
    await mkdir(join(dir, 'db'), { recursive: true });
    const markerPath = join(dir, 'db', 'sandbox.json');
    let marker: unknown;
    try {
      marker = JSON.parse(await readFile(markerPath, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new DataFileError(`data file ${markerPath} is corrupt (${(error as Error).message}); it was left untouched`);
      }
      await writeFile(markerPath, JSON.stringify(DATA_MARKER));
      marker = DATA_MARKER;
    }
    if ((marker as { format?: unknown }).format !== DATA_MARKER.format) {
      throw new DataFileError(`data file ${markerPath} is not an alipay-sandbox file; it was left untouched`);
    }
    const store = new SandboxStore(dir);
    extraTables(store);
    await store.load();
    return store;
  }

  async load(): Promise<void> {
    for (const table of this.tables) await table.load();
  }

  /** Resolves once every change made so far is on disk (atomically, file by file). */
  commit(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    const previous = this.inFlight;
    const run = async () => {
      await previous.catch(() => {});
      this.scheduled = undefined;
      await Promise.all(this.tables.filter((t) => t.hasChanges()).map((t) => t.flush()));
    };
    // Wait a turn of the event loop so that changes from requests arriving together share one write.
    this.scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(run);
    this.inFlight = this.scheduled;
    return this.scheduled;
  }

  clear(): void {
    for (const table of this.tables) table.clear();
  }
}
