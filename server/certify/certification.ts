// The sandbox's certification state, held in memory: the armed checkout runs (one per merchant), the
// reports made so far (the last MAX_REPORTS), which challenge pages a buyer's browser opened while a run
// is armed, and the release of a held notification when the merchant inquires about its payment.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { CertifyReport } from '../../schemas/control/certify.ts';
import type { RequestSummary } from '../../schemas/control/dashboard.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { CHECKOUT_PLAN } from './checkout-plan.ts';
import { dealtCases, gradeCheckout, type GradedCall } from './grade-checkout.ts';
import { buildReport } from './report.ts';

export const MAX_REPORTS = 50;
const MAX_OPENED_PAGES = 10_000;
const JOURNAL_PAGE = 500;
const HELD_SCENARIO = CHECKOUT_PLAN.find((c) => c.id === 'notification-held')!.scenario;
const CHALLENGE_PAGE = /^\/3ds\/([A-Za-z0-9_-]{1,128})(?:\/session)?$/;

export interface CheckoutRun { id: string; clientId: string; startedAt: number; /** The last journal sequence number before the run. */ startSeq: number }

const iso = (ms: number) => new Date(ms).toISOString();

export class Certification {
  private readonly runs = new Map<string, CheckoutRun>();
  private readonly reports = new Map<string, CertifyReport>();
  private readonly openedPages = new Map<string, number>();
  private readonly released = new Set<string>();
  private stopListening: (() => void) | undefined;

  constructor(private readonly core: SandboxCore) {}

  /** Notes the first opening of a challenge page (the page or its session) while a run is armed; changes nothing else. */
  readonly watchPages: RequestHandler = (req, _res, next) => {
    if (this.runs.size > 0 && req.method === 'GET') {
      const token = CHALLENGE_PAGE.exec(req.path)?.[1];
      if (token && !this.openedPages.has(token)) {
        if (this.openedPages.size >= MAX_OPENED_PAGES) this.openedPages.delete(this.openedPages.keys().next().value!);
        this.openedPages.set(token, this.core.clock.now());
      }
    }
    next();
  };

  /** Arms a run: the merchant's own pins are replaced by the plan, one queued pin per case. */
  startCheckout(clientId: string): CheckoutRun {
    const engine = this.core.scenarios;
    const now = this.core.clock.now();
    engine.unpin(clientId);
    // The plan names built-in scenarios and the route checked the client id: the engine refuses none of these pins.
    for (const c of CHECKOUT_PLAN) engine.pin({ scenario: c.scenario, count: 1, clientId, queue: true }, now);
    const newest = this.core.journal.list({}, 1).records[0];
    const run: CheckoutRun = { id: `run_${randomUUID()}`, clientId, startedAt: now, startSeq: newest?.seq ?? 0 };
    this.runs.set(clientId, run);
    this.listen();
    this.core.events.publish('pin', { change: 'pinned', scenario: 'checkout certification', clientId });
    return run;
  }

  /** Disarms a run: its pins still waiting are removed (with the merchant's other pins). Undefined when none is armed. */
  stopCheckout(clientId: string): CheckoutRun | undefined {
    const run = this.runs.get(clientId);
    if (!run) return undefined;
    this.core.scenarios.unpin(clientId);
    this.runs.delete(clientId);
    if (this.runs.size === 0) this.stopListening?.();
    this.core.events.publish('pin', { change: 'unpinned', clientId });
    return run;
  }

  /** The armed run's cases, dealt or waiting; undefined when none is armed. */
  checkoutStatus(clientId: string) {
    const run = this.runs.get(clientId);
    if (!run) return undefined;
    const dealt = dealtCases(this.recordsOf(run));
    return {
      id: run.id, clientId, startedAt: iso(run.startedAt),
      cases: CHECKOUT_PLAN.map((c, i) => {
        const got = dealt.get(c.id);
        return {
          order: i + 1, id: c.id, scenario: c.scenario, description: c.description, state: got ? 'dealt' as const : 'waiting' as const,
          ...(got?.paymentRequestId ? { paymentRequestId: got.paymentRequestId } : {}),
          ...(got?.paymentId ? { paymentId: got.paymentId } : {}),
          ...(got?.referenceOrderId ? { referenceOrderId: got.referenceOrderId } : {}),
        };
      }),
    };
  }

  /** Grades the armed run now and keeps the report; undefined when none is armed. */
  checkoutReport(clientId: string): CertifyReport | undefined {
    const run = this.runs.get(clientId);
    if (!run) return undefined;
    const checks = gradeCheckout({ records: this.recordsOf(run), challengeOpenedAt: (paymentId) => this.challengeOpenedAt(paymentId), now: this.core.clock.now() });
    return this.keep(buildReport('checkout', clientId, this.core.clock.now(), checks));
  }

  keep(report: CertifyReport): CertifyReport {
    this.reports.set(report.id, report);
    if (this.reports.size > MAX_REPORTS) this.reports.delete(this.reports.keys().next().value!);
    return report;
  }

  report(id: string): CertifyReport | undefined {
    return this.reports.get(id);
  }

  /** Newest first. */
  listReports(): CertifyReport[] {
    return [...this.reports.values()].reverse();
  }

  private challengeOpenedAt(paymentId: string): string | undefined {
    const token = this.core.store.payments.get(paymentId)?.pageToken;
    const at = token ? this.openedPages.get(token) : undefined;
    return at === undefined ? undefined : iso(at);
  }

  /** The merchant's calls since the run started, oldest first (as far as the journal still holds them). */
  private recordsOf(run: CheckoutRun): GradedCall[] {
    const records: GradedCall[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = this.core.journal.list({ clientId: run.clientId }, JOURNAL_PAGE, cursor);
      for (const record of page.records) {
        if (record.seq <= run.startSeq) return records.reverse();
        records.push({ ...record, ...this.core.journal.textsOf(record) });
      }
      if (page.nextCursor === undefined || page.nextCursor <= run.startSeq + 1) return records.reverse();
      cursor = page.nextCursor;
    }
  }

  /** Listens to the live request events while a run is armed, to send a held notification once the merchant inquires. */
  private listen(): void {
    if (this.stopListening) return;
    const unsubscribe = this.core.events.subscribe({
      types: new Set(['request']),
      buffered: () => 0,
      write: (text) => this.onRequestEvent(text),
      drop: () => {},
    });
    this.stopListening = () => {
      unsubscribe();
      this.stopListening = undefined;
    };
  }

  private onRequestEvent(text: string): void {
    const data = /^data: (.*)$/m.exec(text)?.[1];
    if (!data) return;
    const call = JSON.parse(data) as RequestSummary;
    if (call.operation !== 'payments/inquiryPayment' || !call.paymentId || !this.runs.has(call.clientId) || this.released.has(call.paymentId)) return;
    const payment = this.core.store.payments.get(call.paymentId);
    if (payment?.clientId !== call.clientId || payment.scenario?.name !== HELD_SCENARIO || payment.scenario.source !== 'pin') return;
    this.released.add(call.paymentId);
    for (const notification of this.core.notifications.list({ paymentId: call.paymentId, status: 'pending' })) {
      this.core.notifications.resend(notification.id).catch((error: unknown) => this.core.logger.warn({ err: error }, 'certification: the held notification could not be sent'));
    }
  }
}
