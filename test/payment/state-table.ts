// The lifecycle table: every state an authorization can be in, every operation and clock step, and what
// each pair answers and leaves behind. Both harnesses run it: the pure state machine
// (state-table.test.ts) and the whole sandbox over HTTP (state-table-http.test.ts). docs/lifecycle.md shows it.
import type { LifecycleState } from '../../server/payment/lifecycle.ts';

export const DAY = 24 * 3600_000;
/** Every row starts from a pay of EUR 300.00 (30000), the seed's authorization. */
export const AUTHORIZED = '30000';

/** How a row's state is reached. Amount triggers: 7003 keeps a capture or refund in process. */
export type Step =
  | { pay: 'card' | 'hosted' | 'automatic' }
  | { capture: string; last?: boolean }
  | { refund: string }
  | { cancel: true }
  | { advance: number };

export type Op = 'capture' | 'captureAll' | 'cancel' | 'refund' | 'refundAll' | 'wait14m' | 'wait7d' | 'settle';

/** What each operation column does. */
export const OPS: Record<Op, { label: string; step: Step | { settle: true } }> = {
  capture: { label: 'capture 5000', step: { capture: '5000' } },
  captureAll: { label: 'capture 30000', step: { capture: AUTHORIZED } },
  cancel: { label: 'cancel', step: { cancel: true } },
  refund: { label: 'refund 1000', step: { refund: '1000' } },
  refundAll: { label: 'refund 30000', step: { refund: AUTHORIZED } },
  wait14m: { label: '14 minutes pass', step: { advance: 14 * 60_000 } },
  wait7d: { label: '7 days pass', step: { advance: 7 * DAY } },
  // The buyer completes the hosted page: a settle event (no merchant API; the pure harness only).
  settle: { label: 'pay completes (S)', step: { settle: true } },
};

/** The code answered ('' for a clock step, which answers nothing) and the state left behind. */
export type Cell = [code: string, state: LifecycleState];

export interface Row { name: string; state: LifecycleState; build: Step[]; cells: Record<Op, Cell> }

const card: Step = { pay: 'card' };
const S = 'SUCCESS', INVALID = 'ORDER_STATUS_INVALID';
const all = (code: string, state: LifecycleState, ops: Op[]) => Object.fromEntries(ops.map((op) => [op, [code, state]]));
const captures: Op[] = ['capture', 'captureAll'];
const refunds: Op[] = ['refund', 'refundAll'];
const waits: Op[] = ['wait14m', 'wait7d'];
const row = (name: string, state: LifecycleState, build: Step[], cells: Partial<Record<Op, Cell>>): Row => ({
  name, state, build,
  cells: { ...all('', state, waits), settle: [INVALID, state], ...cells } as Record<Op, Cell>,
});

export const ROWS: Row[] = [
  row('in process (hosted page)', 'PROCESSING', [{ pay: 'hosted' }], {
    ...all(INVALID, 'PROCESSING', [...captures, ...refunds]),
    cancel: [S, 'CANCELLED'], wait14m: ['', 'FAILED'], wait7d: ['', 'FAILED'], settle: [S, 'AUTHORIZED'],
  }),
  row('failed (closed by expiry)', 'FAILED', [{ pay: 'hosted' }, { advance: 14 * 60_000 }], {
    ...all(INVALID, 'FAILED', [...captures, ...refunds]), cancel: [S, 'FAILED'],
  }),
  row('authorized', 'AUTHORIZED', [card], {
    capture: [S, 'PARTIALLY_CAPTURED'], captureAll: [S, 'CAPTURED'], cancel: [S, 'CANCELLED'],
    ...all(INVALID, 'AUTHORIZED', refunds), wait7d: ['', 'AUTH_EXPIRED'],
  }),
  row('capture in process', 'CAPTURE_PROCESSING', [card, { capture: '7003' }], {
    capture: [S, 'CAPTURE_PROCESSING'], captureAll: ['CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT', 'CAPTURE_PROCESSING'],
    cancel: [INVALID, 'CAPTURE_PROCESSING'], ...all(INVALID, 'CAPTURE_PROCESSING', refunds),
  }),
  row('partially captured', 'PARTIALLY_CAPTURED', [card, { capture: '10000' }], {
    capture: [S, 'PARTIALLY_CAPTURED'], captureAll: ['CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT', 'PARTIALLY_CAPTURED'],
    cancel: [INVALID, 'PARTIALLY_CAPTURED'], refund: [S, 'PARTIALLY_REFUNDED'], refundAll: ['REFUND_AMOUNT_EXCEED', 'PARTIALLY_CAPTURED'],
    wait7d: ['', 'CAPTURED'],
  }),
  row('captured in full', 'CAPTURED', [card, { capture: AUTHORIZED }], {
    ...all(INVALID, 'CAPTURED', captures), cancel: [INVALID, 'CAPTURED'], refund: [S, 'PARTIALLY_REFUNDED'], refundAll: [S, 'REFUNDED'],
  }),
  row('closed by a last partial capture', 'CAPTURED', [card, { capture: '10000', last: true }], {
    ...all(INVALID, 'CAPTURED', captures), cancel: [INVALID, 'CAPTURED'], refund: [S, 'PARTIALLY_REFUNDED'], refundAll: ['REFUND_AMOUNT_EXCEED', 'CAPTURED'],
  }),
  row('captured automatically (no authorization flag)', 'CAPTURED', [{ pay: 'automatic' }], {
    ...all(INVALID, 'CAPTURED', captures), cancel: [INVALID, 'CAPTURED'], refund: [S, 'PARTIALLY_REFUNDED'], refundAll: [S, 'REFUNDED'],
  }),
  row('refund in process', 'REFUND_PROCESSING', [card, { capture: AUTHORIZED }, { refund: '7003' }], {
    ...all(INVALID, 'REFUND_PROCESSING', captures), cancel: ['PROCESS_FAIL', 'REFUND_PROCESSING'],
    refund: [S, 'REFUND_PROCESSING'], refundAll: ['REFUND_AMOUNT_EXCEED', 'REFUND_PROCESSING'],
  }),
  row('partially refunded', 'PARTIALLY_REFUNDED', [card, { capture: AUTHORIZED }, { refund: '10000' }], {
    ...all(INVALID, 'PARTIALLY_REFUNDED', captures), cancel: ['PROCESS_FAIL', 'PARTIALLY_REFUNDED'],
    refund: [S, 'PARTIALLY_REFUNDED'], refundAll: ['REFUND_AMOUNT_EXCEED', 'PARTIALLY_REFUNDED'],
  }),
  row('refunded in full', 'REFUNDED', [card, { capture: AUTHORIZED }, { refund: AUTHORIZED }], {
    ...all(INVALID, 'REFUNDED', captures), cancel: ['PROCESS_FAIL', 'REFUNDED'], ...all('REFUND_AMOUNT_EXCEED', 'REFUNDED', refunds),
  }),
  row('cancelled (authorization voided)', 'CANCELLED', [card, { cancel: true }], {
    ...all('AUTH_CANCELLED', 'CANCELLED', captures), cancel: [S, 'CANCELLED'], ...all('ORDER_IS_CANCELED', 'CANCELLED', refunds),
  }),
  row('cancelled (closed in process)', 'CANCELLED', [{ pay: 'hosted' }, { cancel: true }], {
    ...all('AUTH_CANCELLED', 'CANCELLED', captures), cancel: [S, 'CANCELLED'], ...all('ORDER_IS_CANCELED', 'CANCELLED', refunds),
  }),
  row('authorization expired', 'AUTH_EXPIRED', [card, { advance: 7 * DAY }], {
    ...all('AUTH_EXPIRED', 'AUTH_EXPIRED', captures), cancel: ['CANCEL_WINDOW_EXCEED', 'AUTH_EXPIRED'], ...all(INVALID, 'AUTH_EXPIRED', refunds),
  }),
  row('expired after a partial capture', 'CAPTURED', [card, { capture: '10000' }, { advance: 7 * DAY }], {
    ...all('AUTH_EXPIRED', 'CAPTURED', captures), cancel: [INVALID, 'CAPTURED'], refund: [S, 'PARTIALLY_REFUNDED'], refundAll: ['REFUND_AMOUNT_EXCEED', 'CAPTURED'],
  }),
  row('refund window passed (a year later)', 'CAPTURED', [card, { capture: AUTHORIZED }, { advance: 366 * DAY }], {
    ...all(INVALID, 'CAPTURED', captures), cancel: [INVALID, 'CAPTURED'], ...all('REFUND_WINDOW_EXCEED', 'CAPTURED', refunds),
  }),
];

/** The table as docs/lifecycle.md shows it (the merchant's columns: no hosted-page settle). */
export function markdownTable(): string {
  const ops = (Object.keys(OPS) as Op[]).filter((op) => op !== 'settle');
  const lines = [
    `| state | ${ops.map((op) => OPS[op].label).join(' | ')} |`,
    `| --- | ${ops.map(() => '---').join(' | ')} |`,
  ];
  for (const row of ROWS) {
    const cells = ops.map((op) => {
      const [code, state] = row.cells[op];
      const moved = state === row.state ? '' : `→ ${state}`;
      return [code, moved].filter(Boolean).join(' ') || '–';
    });
    lines.push(`| ${row.state}: ${row.name} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
