// Live events for the dashboard and test tools (GET /_sandbox/events, Server-Sent Events). An event is
// serialised once and written to every reader; nothing waits for a reader. Each reader's unsent bytes are
// bounded: a reader that stops reading fills its socket, then its buffer, and is dropped, so a stalled
// dashboard costs the API one failed size check per event and never memory or time.
//
// Every event has an id, one more than the last. The latest events are kept in a ring bounded in bytes,
// so a reader that reconnects with Last-Event-ID (an EventSource does by itself) first gets what it
// missed. They are kept while someone reads and for a grace period after the last reader left (the
// time a dropped dashboard takes to reconnect); a sandbox nobody watches builds no event at all.
import type { EventType } from '../../schemas/control/dashboard.ts';

/** Unsent bytes one reader may hold before it is dropped. */
export const READER_BUFFER_BYTES = 1024 * 1024;
/** Bytes of recent events kept for replay: under one reader's buffer, so a replay never drops the reader. */
export const REPLAY_BYTES = 512 * 1024;
/** Wall-clock ms events are still recorded after the last reader left (a reconnect's window, not sandbox time). */
export const RECONNECT_GRACE_MS = 60_000;

interface KeptEvent { id: number; type: EventType; text: string }

export interface EventReader {
  /** Which event types this reader wants. */
  types: ReadonlySet<EventType>;
  /** Bytes written to the reader but not yet sent. */
  buffered(): number;
  write(text: string): void;
  /** Ends the reader's connection at once (it fell too far behind). */
  drop(): void;
}

export class EventBus {
  private readonly readers = new Set<EventReader>();
  private lastId = 0;
  private readonly kept: KeptEvent[] = [];
  private keptBytes = 0;
  private lastLeftAt = Number.NEGATIVE_INFINITY;
  /** Readers dropped for falling behind, since start. */
  dropped = 0;

  constructor(
    private readonly bufferBytes = READER_BUFFER_BYTES,
    private readonly replayBytes = REPLAY_BYTES,
    private readonly graceMs = RECONNECT_GRACE_MS,
  ) {}

  /** True when someone listens, or may come back for a replay: callers skip building an event nobody reads. */
  get active(): boolean { return this.readers.size > 0 || Date.now() - this.lastLeftAt < this.graceMs; }
  get readerCount(): number { return this.readers.size; }
  /** The id of the last event sent (0 before the first). */
  get lastEventId(): number { return this.lastId; }

  /**
   * Adds a reader; returns the function that removes it. With `lastEventId`, the kept events after it (of
   * the reader's types) are written first. An id above the last one sent is from before a restart: the
   * reader then gets every kept event. What the ring no longer holds is lost, which the reader sees as a
   * jump in the ids.
   */
  subscribe(reader: EventReader, lastEventId?: number): () => void {
    if (lastEventId !== undefined) {
      const from = lastEventId > this.lastId ? 0 : lastEventId;
      for (const event of this.kept) if (event.id > from && reader.types.has(event.type)) reader.write(event.text);
    }
    this.readers.add(reader);
    return () => this.remove(reader);
  }

  publish(type: EventType, data: object): void {
    if (!this.active) return;
    const id = ++this.lastId;
    const text = `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    this.keep({ id, type, text });
    for (const reader of this.readers) {
      if (!reader.types.has(type)) continue;
      if (reader.buffered() + text.length > this.bufferBytes) {
        this.remove(reader);
        this.dropped++;
        reader.drop();
      } else reader.write(text);
    }
  }

  private keep(event: KeptEvent): void {
    this.kept.push(event);
    this.keptBytes += event.text.length;
    while (this.keptBytes > this.replayBytes && this.kept.length > 1) this.keptBytes -= this.kept.shift()!.text.length;
  }

  private remove(reader: EventReader): void {
    if (this.readers.delete(reader) && this.readers.size === 0) this.lastLeftAt = Date.now();
  }

  /** A comment line every reader gets, to keep idle connections (and proxies) open. */
  heartbeat(): void {
    for (const reader of this.readers) if (reader.buffered() < this.bufferBytes) reader.write(': keep-alive\n\n');
  }
}
