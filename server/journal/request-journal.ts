// The request journal: the last N merchant API calls, accepted or refused, in a ring held in memory. A
// call is recorded once it is answered; the list is read newest first, a page at a time, by a cursor
// (the sequence number to continue below), so a page costs the same however full the ring is, as long
// as the filter matches often. It is not written to disk: it is a debugging view of recent traffic,
// and starts empty after a restart (docs/dashboard.md). Each call's record (the columns lists filter on)
// is a small object; its bodies and headers are kept apart, as bytes (text-arena.ts).
import type { Result } from '../../schemas/common.ts';
import type { RequestEntry, RequestSummary, SignatureVerdict } from '../../schemas/control/dashboard.ts';
import { refusalField } from './refusal-field.ts';
import { TextArena } from './text-arena.ts';

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

/** A call's texts: the request body with card numbers masked and security codes removed, the answer as sent, the request's headers. */
export interface CallTexts {
  /** JSON text when requestJson, else text; '' for none. */
  requestText: string;
  requestJson: boolean;
  responseText: string;
  requestHeaders: Record<string, string>;
}

/**
 * A stored call: what the summary shows, in the form that is cheapest to keep (the time as a number);
 * summaryOf turns it into the documented shape when it is read. Its texts are in the journal's arena.
 */
export interface JournalRecord {
  seq: number;
  /** Sandbox time of arrival, epoch ms. */
  receivedAt: number;
  method: string;
  path: string;
  clientId: string;
  operation: string | undefined;
  signature: SignatureVerdict;
  result: Result;
  httpStatus: number;
  durationMs: number;
  paymentId: string | undefined;
  scenario: string | undefined;
  requestJson: boolean;
  /** Where the texts start in the arena (-1 when the journal is off), and their lengths in bytes. */
  textAt: number;
  requestBytes: number;
  responseBytes: number;
  headerBytes: number;
}

/** A call as record-call.ts makes it: the record's columns and its texts. */
export type KeptCall = Omit<JournalRecord, 'seq' | 'textAt' | 'requestBytes' | 'responseBytes' | 'headerBytes'> & CallTexts;

export interface JournalPage { records: JournalRecord[]; nextCursor: number | undefined }

/** How many older calls one page may look at for its matches, so a rare filter cannot make one read walk everything at once. */
const SCAN_PER_PAGE = 20_000;
const IN_PROCESS = /_IN_PROCESS$/;

export const requestIdOf = (seq: number) => `req_${seq}`;

export function seqOfRequestId(id: string): number | undefined {
  const match = /^req_([0-9]{1,15})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

/** F, or U other than "in process": the call did not do what was asked. */
function failedOf({ resultStatus, resultCode }: Result): boolean {
  return resultStatus === 'F' || (resultStatus === 'U' && !IN_PROCESS.test(resultCode));
}

export function summaryOf(record: JournalRecord): RequestSummary {
  const { resultCode, resultStatus, resultMessage } = record.result;
  const errorField = resultStatus === 'F' ? refusalField(resultCode, resultMessage) : undefined;
  return {
    id: requestIdOf(record.seq),
    time: new Date(record.receivedAt).toISOString(),
    method: record.method,
    path: record.path,
    clientId: record.clientId,
    ...(record.operation ? { operation: record.operation } : {}),
    signature: record.signature,
    resultCode,
    resultStatus,
    httpStatus: record.httpStatus,
    durationMs: record.durationMs,
    ...(record.paymentId ? { paymentId: record.paymentId } : {}),
    ...(record.scenario ? { scenario: record.scenario } : {}),
    failed: failedOf(record.result),
    ...(errorField ? { errorField } : {}),
  };
}

/** A text that was JSON when it was kept, parsed again; shown as the text it is when it is not (a scenario's HTTP error page). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The request body as GET /_sandbox/requests/:id shows it: the masked JSON value, the masked text of bytes that were not JSON, or null. */
export function requestBodyOf(texts: CallTexts): unknown {
  return texts.requestText === '' ? null : texts.requestJson ? parsed(texts.requestText) : texts.requestText;
}

export function entryOf(record: JournalRecord, texts: CallTexts): RequestEntry {
  return {
    ...summaryOf(record),
    resultMessage: record.result.resultMessage,
    requestBody: requestBodyOf(texts),
    responseBody: parsed(texts.responseText),
    requestHeaders: texts.requestHeaders,
  };
}

export class RequestJournal {
  private readonly ring: (JournalRecord | undefined)[];
  /** The sequence number the next call gets; sequence numbers start at 1 and never repeat. */
  private next = 1;
  /** The first sequence number still kept unless pushed out: moves on at reset. */
  private first = 1;
  private readonly texts = new TextArena();

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_JOURNAL_SIZE) {
      throw new Error(`journal size must be a whole number from 0 (off) to ${MAX_JOURNAL_SIZE}, not ${capacity}`);
    }
    this.ring = new Array<JournalRecord | undefined>(capacity);
  }

  /** Size 0 turns the journal off: nothing is recorded (and nothing is spent on recording). */
  get enabled(): boolean { return this.capacity > 0; }

  get size(): number { return this.next - this.oldest; }

  private get oldest(): number { return Math.max(this.first, this.next - this.capacity); }

  /** Stores a call (giving it its sequence number), forgetting the oldest when full. */
  add(call: KeptCall): JournalRecord {
    const seq = this.next++;
    let textAt = -1;
    let lengths = [0, 0, 0];
    if (this.enabled) {
      // The texts of the oldest call kept beside this one, and of every later call, are still needed.
      const oldest = Math.max(this.first, seq + 1 - this.capacity);
      const keepFrom = oldest < seq ? this.ring[oldest % this.capacity]!.textAt : Infinity;
      ({ at: textAt, lengths } = this.texts.write([call.requestText, call.responseText, JSON.stringify(call.requestHeaders)], keepFrom));
    }
    // One literal, one hidden class for every record.
    const record: JournalRecord = {
      seq, receivedAt: call.receivedAt, method: call.method, path: call.path, clientId: call.clientId, operation: call.operation,
      signature: call.signature, result: call.result, httpStatus: call.httpStatus, durationMs: call.durationMs,
      paymentId: call.paymentId, scenario: call.scenario, requestJson: call.requestJson,
      textAt, requestBytes: lengths[0]!, responseBytes: lengths[1]!, headerBytes: lengths[2]!,
    };
    if (this.enabled) this.ring[seq % this.capacity] = record;
    return record;
  }

  /** A kept call's texts. */
  textsOf(record: JournalRecord): CallTexts {
    const [requestText, responseText, headers] = this.texts.read(record.textAt, [record.requestBytes, record.responseBytes, record.headerBytes]);
    return { requestText: requestText!, requestJson: record.requestJson, responseText: responseText!, requestHeaders: JSON.parse(headers!) as Record<string, string> };
  }

  get(seq: number): JournalRecord | undefined {
    if (!this.enabled) return undefined;
    const record = this.ring[seq % this.capacity];
    return record?.seq === seq && seq >= this.oldest ? record : undefined;
  }

  /** Newest first, from below `before` (a sequence number, exclusive) when given. */
  list(filter: JournalFilter, limit: number, before?: number): JournalPage {
    if (!this.enabled) return { records: [], nextCursor: undefined };
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
    this.texts.clear();
    this.first = this.next;
    return removed;
  }
}

function matches(record: JournalRecord, filter: JournalFilter): boolean {
  return (filter.clientId === undefined || record.clientId === filter.clientId)
    && (filter.operation === undefined || record.operation === filter.operation)
    && (filter.result === undefined || record.result.resultCode === filter.result || record.result.resultStatus === filter.result)
    && (filter.paymentId === undefined || record.paymentId === filter.paymentId)
    && (filter.failed === undefined || failedOf(record.result) === filter.failed);
}
