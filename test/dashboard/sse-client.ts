// A Server-Sent Events reader over fetch, as a test tool would follow GET /_sandbox/events: it keeps
// every event received and waits for the first one matching a predicate.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface StreamEvent { id: string; type: string; data: any }

export interface EventStream {
  events: StreamEvent[];
  next(type: string, match?: (data: StreamEvent['data']) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal, headers });
  if (res.status !== 200) throw new Error(`event stream answered ${res.status}: ${await res.text()}`);
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.event && fields.data) events.push({ id: fields.id ?? '', type: fields.event, data: JSON.parse(fields.data) });
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    events,
    next(type, match = () => true, timeoutMs = 5000) {
      const find = () => events.find((e) => e.type === type && match(e.data));
      const found = find();
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`));
        }, timeoutMs);
        const check = () => {
          const event = find();
          if (!event) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(event);
        };
        waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
}
