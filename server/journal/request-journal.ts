// The request journal: the last N merchant API calls, accepted or refused, in a ring held in memory. A
// call is recorded once it is answered; the list is read newest first, a page at a time, by a cursor
// (the sequence number to continue below), so a page costs the same however full the ring is, as long
// as the filter matches often. It is not written to disk: it is a debugging view of recent traffic,
// and starts empty after a restart (docs/dashboard.md).
import type { RequestEntry, RequestSummary } from '../../schemas/control/dashboard.ts';

export const DEFAULT_JOURNAL_SIZE = 10_000;
export const MAX_JOURNAL_SIZE = 1_000_000;

export interface JournalFilter {
  clientId?: string;
  operation?: string;
  /** A resultCode, or a resultStatus (S, F, U). */
  result?: string;
  paymentId?: string;
  failed?: boolean;
}

/** A stored call: its summary and the details GET /_sandbox/requests/:id shows. The answer stays the text sent. */
export interface JournalRecord extends Omit<RequestEntry, 'id' | 'responseBody'> { seq: number; responseText: string }

export interface JournalPage { records: JournalRecord[]; nextCursor: number | undefined }

/** How many older calls one page may look at for its matches, so a rare filter cannot make one read walk everything at once. */
const SCAN_PER_PAGE = 20_000;

export const requestIdOf = (seq: number) => `req_${seq}`;

export function seqOfRequestId(id: string): number | undefined {
  const match = /^req_([0-9]{1,15})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export function summaryOf(record: JournalRecord): RequestSummary {
  const { seq, resultMessage: _m, requestBody: _q, responseText: _r, requestHeaders: _h, ...summary } = record;
  return { id: requestIdOf(seq), ...summary };
}

export function entryOf(record: JournalRecord): RequestEntry {
  const { seq, responseText, ...rest } = record;
  let responseBody: unknown = responseText;
  try {
    responseBody = JSON.parse(responseText);
  } catch {
    // A scenario's HTTP error page is not JSON: shown as the text it was.
  }
  return { id: requestIdOf(seq), ...rest, responseBody };
}

export class RequestJournal {
  private readonly ring: (JournalRecord | undefined)[];
  /** The sequence number the next call gets; sequence numbers start at 1 and never repeat. */
  private next = 1;
  /** The first sequence number still kept unless pushed out: moves on at reset. */
  private first = 1;

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_JOURNAL_SIZE) {
      throw new Error(`journal size must be a whole number from 1 to ${MAX_JOURNAL_SIZE}, not ${capacity}`);
    }
    this.ring = new Array<JournalRecord | undefined>(capacity);
  }

  get size(): number { return this.next - this.oldest; }

  private get oldest(): number { return Math.max(this.first, this.next - this.capacity); }

  /** Stores a call, forgetting the oldest when full; returns its sequence number. */
  add(record: Omit<JournalRecord, 'seq'>): JournalRecord {
    const stored = { ...record, seq: this.next++ };
    this.ring[stored.seq % this.capacity] = stored;
    return stored;
  }

  get(seq: number): JournalRecord | undefined {
    const record = this.ring[seq % this.capacity];
    return record?.seq === seq && seq >= this.oldest ? record : undefined;
  }

  /** Newest first, from below `before` (a sequence number, exclusive) when given. */
  list(filter: JournalFilter, limit: number, before?: number): JournalPage {
    const oldest = this.oldest;
    let seq = Math.min(before === undefined ? this.next : before, this.next) - 1;
    const records: JournalRecord[] = [];
    const stopAt = Math.max(oldest, seq - SCAN_PER_PAGE + 1);
    for (; seq >= stopAt && records.length < limit; seq--) {
      const record = this.ring[seq % this.capacity];
      if (record && matches(record, filter)) records.push(record);
    }
    // More may follow when the page filled up or the scan stopped early; the cursor is where to go on.
    return { records, nextCursor: seq >= oldest ? seq + 1 : undefined };
  }

  /** Forgets every call (reset); sequence numbers go on, so an old id never names a new call. */
  clear(): number {
    const removed = this.size;
    this.ring.fill(undefined);
    this.first = this.next;
    return removed;
  }
}

function matches(record: JournalRecord, filter: JournalFilter): boolean {
  return (filter.clientId === undefined || record.clientId === filter.clientId)
    && (filter.operation === undefined || record.operation === filter.operation)
    && (filter.result === undefined || record.resultCode === filter.result || record.resultStatus === filter.result)
    && (filter.paymentId === undefined || record.paymentId === filter.paymentId)
    && (filter.failed === undefined || record.failed === filter.failed);
}
