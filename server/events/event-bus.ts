// Live events for the dashboard and test tools (GET /_sandbox/events, Server-Sent Events). An event is
// serialised once and written to every reader; nothing waits for a reader. Each reader's unsent bytes are
// bounded: a reader that stops reading fills its socket, then its buffer, and is dropped, so a stalled
// dashboard costs the API one failed size check per event and never memory or time.
import type { EventType } from '../../schemas/control/dashboard.ts';

/** Unsent bytes one reader may hold before it is dropped. */
export const READER_BUFFER_BYTES = 1024 * 1024;

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
  /** Readers dropped for falling behind, since start. */
  dropped = 0;

  constructor(private readonly bufferBytes = READER_BUFFER_BYTES) {}

  /** True when someone listens: callers skip building an event nobody reads. */
  get active(): boolean { return this.readers.size > 0; }
  get readerCount(): number { return this.readers.size; }

  /** Adds a reader; returns the function that removes it. */
  subscribe(reader: EventReader): () => void {
    this.readers.add(reader);
    return () => { this.readers.delete(reader); };
  }

  publish(type: EventType, data: object): void {
    if (this.readers.size === 0) return;
    const text = `id: ${++this.lastId}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const reader of this.readers) {
      if (!reader.types.has(type)) continue;
      if (reader.buffered() + text.length > this.bufferBytes) {
        this.readers.delete(reader);
        this.dropped++;
        reader.drop();
      } else reader.write(text);
    }
  }

  /** A comment line every reader gets, to keep idle connections (and proxies) open. */
  heartbeat(): void {
    for (const reader of this.readers) if (reader.buffered() < this.bufferBytes) reader.write(': keep-alive\n\n');
  }
}
