// Antom sends a payment's notifications in the order their events happened: the capture result of an
// automatic capture after the payment result. Both are queued in the same instant, so here a
// notification's first attempt waits until the first attempt of every earlier notification of the same
// payment has finished (acknowledged or failed). Only first attempts are ordered: retries follow each
// notification's own schedule, as Antom's do. A notification held back on purpose (a delay or
// out-of-order fault) neither waits nor is waited for.
export class FirstAttemptOrder {
  /** By payment: settles when the latest queued first attempt has finished. */
  private readonly latest = new Map<string, Promise<void>>();
  /** By notification: what its first attempt waits for, and how to say it has finished. */
  private readonly gates = new Map<string, { after: Promise<void>; finish: () => void }>();

  /** Puts a notification's first attempt behind those queued before it for the same payment. */
  enqueue(paymentId: string, notificationId: string): void {
    const after = this.latest.get(paymentId) ?? Promise.resolve();
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => { finish = resolve; });
    this.gates.set(notificationId, { after, finish });
    this.latest.set(paymentId, finished);
    void finished.then(() => {
      if (this.latest.get(paymentId) === finished) this.latest.delete(paymentId);
    });
  }

  /** Settles once every earlier first attempt of the payment has finished; at once for anything else. */
  turnOf(notificationId: string): Promise<void> {
    return this.gates.get(notificationId)?.after ?? Promise.resolve();
  }

  /** The notification's first attempt has finished (or could not be made): the next may go. */
  finished(notificationId: string): void {
    const gate = this.gates.get(notificationId);
    if (!gate) return;
    this.gates.delete(notificationId);
    gate.finish();
  }
}
