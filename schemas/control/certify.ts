// Merchant certification: the bodies of its control-plane calls and the report every run produces
// (GET/POST /_sandbox/certify/...). The report is the one shape behind the JSON, JUnit and HTML forms.
import { Type, type Static } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

const ClientId = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'The merchant\'s client id.' });

export const CertifyWebhookBody = Type.Object({
  clientId: ClientId,
  notifyUrl: Type.String({ pattern: '^https?://', maxLength: 2048, description: 'The merchant\'s notification endpoint (http or https).' }),
  capture: Type.Optional(Type.Boolean({ description: 'Send notifyCapture even if the sandbox has not seen this merchant capture.' })),
  refund: Type.Optional(Type.Boolean({ description: 'Send notifyRefund even if the sandbox has not seen this merchant refund.' })),
}, { additionalProperties: false });
export type CertifyWebhookBody = Static<typeof CertifyWebhookBody>;

export const CheckoutStartBody = Type.Object({ clientId: ClientId }, { additionalProperties: false });

export const CertifyReportQuery = Type.Object({
  /** json (default), junit (JUnit XML) or html (a self-contained page). */
  format: Type.Optional(StringEnum(['json', 'junit', 'html'])),
}, { additionalProperties: false });

export const VERDICTS = ['pass', 'fail', 'skipped', 'not-observed', 'info'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const CertifyCheck = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** Graded checks decide the run; info checks are only shown. */
  graded: Type.Boolean(),
  verdict: StringEnum(VERDICTS),
  /** What happened, in words. */
  detail: Type.String(),
  /** One line on how to fix it (failed checks). */
  fix: Type.Optional(Type.String()),
  /** The part of Antom's rules the check holds the merchant to. */
  rule: Type.Object({ text: Type.String(), url: Type.String() }),
  /** What was sent and what came back, or the journal entries graded. */
  evidence: Type.Unknown(),
});
export type CertifyCheck = Static<typeof CertifyCheck>;

export const CertifyReport = Type.Object({
  id: Type.String(),
  kind: StringEnum(['webhook', 'checkout']),
  clientId: Type.String(),
  /** Sandbox time the report was made (ISO). */
  createdAt: Type.String(),
  /** The notify URL a webhook run sent to. */
  target: Type.Optional(Type.String()),
  /** True when every graded check passed (skipped and not observed ones do not count against it). */
  passed: Type.Boolean(),
  counts: Type.Object({ pass: Type.Integer(), fail: Type.Integer(), skipped: Type.Integer(), 'not-observed': Type.Integer(), info: Type.Integer() }),
  checks: Type.Array(CertifyCheck),
});
export type CertifyReport = Static<typeof CertifyReport>;

export const CertifyReportAnswer = Type.Object({ result: Result, report: CertifyReport });

export const CheckoutCaseStatus = Type.Object({
  order: Type.Integer(),
  id: Type.String(),
  scenario: Type.String(),
  description: Type.String(),
  /** waiting: no new paymentRequestId has taken it yet; dealt: a pay got it. */
  state: StringEnum(['waiting', 'dealt']),
  paymentRequestId: Type.Optional(Type.String()),
  paymentId: Type.Optional(Type.String()),
  referenceOrderId: Type.Optional(Type.String()),
});

export const CheckoutRunAnswer = Type.Object({
  result: Result,
  run: Type.Object({
    id: Type.String(),
    clientId: Type.String(),
    startedAt: Type.String(),
    cases: Type.Array(CheckoutCaseStatus),
  }),
});

export const CertifyReportsAnswer = Type.Object({
  reports: Type.Array(Type.Object({
    id: Type.String(), kind: Type.String(), clientId: Type.String(), createdAt: Type.String(), passed: Type.Boolean(),
    counts: CertifyReport.properties.counts,
  })),
});
