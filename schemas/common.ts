// Shared building blocks of Antom's wire format. Every request, response and notification schema is made of
// these, and the TypeScript types are derived from them (Static<>), so there is no second hand-written copy.
import { Type, type Static } from '@sinclair/typebox';

const text = (maxLength: number) => Type.String({ maxLength });

/** A closed set of strings, as a JSON Schema enum (clearer errors than a union of constants). */
export const StringEnum = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

/** Antom amounts: an ISO 4217 code and a string of minor units ("30000" EUR is 300.00). */
export const Amount = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    value: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
  },
  { additionalProperties: false },
);
export type Amount = Static<typeof Amount>;

export const ResultStatus = StringEnum(['S', 'F', 'U']);
export const Result = Type.Object(
  { resultCode: Type.String({ minLength: 1 }), resultStatus: ResultStatus, resultMessage: Type.String() },
  { additionalProperties: false },
);
export type Result = Static<typeof Result>;

export const UserName = Type.Object({
  firstName: Type.Optional(text(32)),
  middleName: Type.Optional(text(32)),
  lastName: Type.Optional(text(32)),
  fullName: Type.Optional(text(128)),
});

export const Address = Type.Object({
  region: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  state: Type.Optional(text(8 * 16)),
  city: Type.Optional(text(128)),
  address1: Type.Optional(text(256)),
  address2: Type.Optional(text(256)),
  zipCode: Type.Optional(text(32)),
});

/** ISO-8601 with an offset, as Antom writes every time. */
export const DateTime = Type.String({ format: 'date-time' });
/** An http(s) URL that the sandbox can actually call (format http-url: parsed as WHATWG URL, port in range). */
export const Url = Type.String({ format: 'http-url', maxLength: 2048, pattern: '^https?://' });

export const ThreeDSResult = Type.Object({
  threeDSVersion: Type.Optional(StringEnum(['1.0.2', '2.1.0', '2.2.0'])),
  eci: Type.Optional(Type.String({ pattern: '^0[0-7]$' })),
  cavv: Type.Optional(Type.String()),
  dsTransactionId: Type.Optional(Type.String()),
  xid: Type.Optional(Type.String()),
  challenged: Type.Optional(Type.Boolean()),
});
export type ThreeDSResult = Static<typeof ThreeDSResult>;

/** What Antom reports about the card: masked, never the full number or the CVV. */
export const PaymentResultInfo = Type.Object(
  {
    cardNo: Type.Optional(Type.String({ pattern: '^[0-9]{6}\\*+[0-9]{4}$' })),
    cardBrand: Type.Optional(Type.String()),
    cardToken: Type.Optional(Type.String()),
    funding: Type.Optional(StringEnum(['CREDIT', 'DEBIT', 'PREPAID'])),
    issuingCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    cardBin: Type.Optional(Type.String({ pattern: '^[0-9]{6,8}$' })),
    lastFour: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    expiryMonth: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])$' })),
    expiryYear: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    avsResultRaw: Type.Optional(Type.String({ pattern: '^[A-Z]$' })),
    cvvResultRaw: Type.Optional(Type.String({ pattern: '^[A-Z]$' })),
    networkTransactionId: Type.Optional(Type.String()),
    threeDSResult: Type.Optional(ThreeDSResult),
    refusalCodeRaw: Type.Optional(Type.String()),
    refusalReason: Type.Optional(Type.String()),
    authorizationCode: Type.Optional(Type.String()),
    credentialTypeUsed: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type PaymentResultInfo = Static<typeof PaymentResultInfo>;
