// The clock's pending timers as a binary min-heap on (due time, scheduling order): adding or taking one
// costs O(log n), so a sandbox holding 100,000 authorization-expiry timers schedules the next
// notification as cheaply as an empty one. A cancelled timer is dropped lazily when it reaches the top.
export interface QueuedTimer { id: number; at: number }

const before = (a: QueuedTimer, b: QueuedTimer) => a.at < b.at || (a.at === b.at && a.id < b.id);

export class TimerQueue<T extends QueuedTimer> {
  private readonly heap: T[] = [];
  private readonly cancelled = new Set<number>();
  private readonly live = new Set<number>();

  get size(): number { return this.live.size; }

  push(timer: T): void {
    this.live.add(timer.id);
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The earliest live timer, without taking it. */
  peek(): T | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  pop(): T | undefined {
    this.dropCancelled();
    const top = this.take();
    if (top) this.live.delete(top.id);
    return top;
  }

  cancel(id: number): void {
    if (this.live.delete(id)) this.cancelled.add(id);
  }

  private dropCancelled(): void {
    while (this.heap[0] && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.take();
    }
  }

  private take(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1, right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
