// /_sandbox health, keys, merchants, payments and examples (server/http/control-routes.ts).
import { Type } from '@sinclair/typebox';
import { Result, StringEnum } from '../common.ts';

export const RegisterMerchantBody = Type.Object({
  clientId: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'The Client-Id the merchant sends: 1 to 64 letters, digits, "_", "." or "-".' }),
  publicKey: Type.String({ minLength: 1, maxLength: 16384, description: 'The merchant\'s RSA public key: PEM, or bare base64 SPKI as Antom exchanges it.' }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The display name buyers see on the hosted card and 3DS pages (a pay\'s order.merchant.merchantDisplayName comes first).' })),
}, { additionalProperties: false });

export const RegisterMerchantAnswer = Type.Object({ result: Result, clientId: Type.String() }, { additionalProperties: false });

const healthFacts = {
  signatureMode: StringEnum(['enforce', 'warn', 'off']),
  clock: Type.Object({ mode: StringEnum(['real', 'manual']), timeScale: Type.Number(), now: Type.String({ format: 'date-time' }) }),
  payments: Type.Integer({ minimum: 0 }),
};

export const HealthAnswer = Type.Object({ status: Type.Literal('ok'), ...healthFacts }, { additionalProperties: false });

/** The 503 of /health: the store cannot keep what it is given (its directory is gone or replaced, or an append failed). */
export const FailingHealthAnswer = Type.Object({
  status: Type.Literal('failing'),
  problem: Type.String({ description: 'The cause, e.g. the data directory is gone, or the error of the last append.' }),
  ...healthFacts,
}, { additionalProperties: false });

export const KeysAnswer = Type.Object({
  publicKey: Type.String({ description: 'Bare base64 SPKI: what Antom\'s SDKs take as "Alipay\'s public key".' }),
  publicKeyPem: Type.String(),
  algorithm: Type.Literal('RSA256'),
  keyVersion: Type.String(),
}, { additionalProperties: false });

export const MerchantsAnswer = Type.Object({
  merchants: Type.Array(Type.Object({ clientId: Type.String(), name: Type.Optional(Type.String()), registeredAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false })),
}, { additionalProperties: false });

/** A wallet payment's wallet, and what the buyer did there (POST /_sandbox/payments/:paymentId/wallet, the page, a scenario's buyer). */
export const InspectedWallet = Type.Object({
  paymentMethodType: Type.String(),
  name: Type.String(),
  terminalType: Type.String(),
  osType: Type.Optional(Type.String()),
  abandonedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the buyer left without paying; the payment then waits for its expiry.' })),
  steps: Type.Array(Type.Object({
    action: StringEnum(['pay', 'decline', 'abandon']),
    at: Type.String({ format: 'date-time' }),
    /** buyer: the wallet page or the control plane; scenario: a wallet scenario's simulated buyer. */
    by: StringEnum(['buyer', 'scenario']),
  }, { additionalProperties: false })),
}, { additionalProperties: false });

/** A payment as inquiryPayment shows it, plus what only the sandbox knows (its scenario, mode, stored pay answer). */
export const InspectedPayment = Type.Object({
  result: Result,
  paymentId: Type.String(),
  paymentRequestId: Type.String(),
  paymentStatus: Type.String(),
  clientId: Type.String(),
  mode: Type.String(),
  pendingStep: Type.Optional(Type.String({ description: 'Why a payment in process waits: hosted-page, 3ds-challenge, issuer or wallet.' })),
  wallet: Type.Optional(InspectedWallet),
}, { additionalProperties: true });

export const PaymentsAnswer = Type.Object({ total: Type.Integer({ minimum: 0 }), payments: Type.Array(InspectedPayment) }, { additionalProperties: false });

export const ExamplesAnswer = Type.Object({ operations: Type.Array(Type.String()) }, { additionalProperties: false });

/** GET /_sandbox/payments: filters and the page; a parameter not listed here is refused. */
export const PaymentsQuery = Type.Object({
  status: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only payments in this status.' })),
  clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only this merchant\'s payments.' })),
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only this payment.' })),
  paymentRequestId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only the payment of this paymentRequestId.' })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 50, description: 'At most this many (default 50).' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'Skip this many.' })),
}, { additionalProperties: false });

/** GET /_sandbox/examples/:operation. */
export const ExampleQuery = Type.Object({
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31, description: 'Seed of the generator: the same seed gives the same body.' })),
  paymentId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'The payment to capture, cancel, refund or inquire.' })),
}, { additionalProperties: false });
