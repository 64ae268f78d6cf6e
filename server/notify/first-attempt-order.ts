// Antom sends a payment's notifications in the order their events happened: the capture result of an
// automatic capture after the payment result. Both are queued in the same instant, so here a
// notification's first attempt waits until the first attempt of every earlier notification of the same
// payment has finished (acknowledged or failed). Only first attempts are ordered: retries follow each
// notification's own schedule, as Antom's do. A notification held back on purpose (a delay or
// out-of-order fault) neither waits nor is waited for.
//
// Most payments have one notification in flight, so the usual first attempt finds itself at the head of
// its payment's line and goes without waiting: no promise is made for it.
export class FirstAttemptOrder {
  /** By payment: its notifications whose first attempt has not finished, in the order they were queued. */
  private readonly lines = new Map<string, string[]>();
  /** By notification: the payment whose line it is in. */
  private readonly paymentOf = new Map<string, string>();
  /** By notification: its first attempt waiting to reach the head of its line, and how to wake it. */
  private readonly waiting = new Map<string, { turn: Promise<void>; wake: () => void }>();

  /** Puts a notification's first attempt behind those queued before it for the same payment. */
  enqueue(paymentId: string, notificationId: string): void {
    if (this.paymentOf.has(notificationId)) return;
    const line = this.lines.get(paymentId);
    if (line) line.push(notificationId);
    else this.lines.set(paymentId, [notificationId]);
    this.paymentOf.set(notificationId, paymentId);
  }

  /**
   * Undefined when the first attempt may go now (nothing earlier of its payment is unfinished, or it is
   * not in the order); otherwise a promise that settles once every earlier one has finished.
   */
  turnOf(notificationId: string): Promise<void> | undefined {
    const paymentId = this.paymentOf.get(notificationId);
    if (paymentId === undefined || this.lines.get(paymentId)![0] === notificationId) return undefined;
    const waiting = this.waiting.get(notificationId);
    if (waiting) return waiting.turn;
    let wake!: () => void;
    const turn = new Promise<void>((resolve) => { wake = resolve; });
    this.waiting.set(notificationId, { turn, wake });
    return turn;
  }

  /** The notification's first attempt has finished (or could not be made): the next may go. */
  finished(notificationId: string): void {
    const paymentId = this.paymentOf.get(notificationId);
    if (paymentId === undefined) return;
    this.paymentOf.delete(notificationId);
    const line = this.lines.get(paymentId)!;
    const wasHead = line[0] === notificationId;
    line.splice(line.indexOf(notificationId), 1);
    this.waiting.get(notificationId)?.wake();
    this.waiting.delete(notificationId);
    if (line.length === 0) this.lines.delete(paymentId);
    else if (wasHead) {
      this.waiting.get(line[0]!)?.wake();
      this.waiting.delete(line[0]!);
    }
  }

  /** Forgets every line (reset): an attempt still waiting goes on at once, and finds its notification gone. */
  clear(): void {
    for (const { wake } of this.waiting.values()) wake();
    this.waiting.clear();
    this.lines.clear();
    this.paymentOf.clear();
  }
}
