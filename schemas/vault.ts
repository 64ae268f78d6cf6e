// Card vaulting: vaultPaymentMethod (POST /v1/vaults/vaultPaymentMethod) saves a card as a cardToken
// before any payment, and inquireVaulting (POST /v1/vaults/inquireVaulting) reports how it went. Field
// names follow Antom's API reference and its SDKs' PaymentMethodDetail / CardPaymentMethodDetail.
import { Type, type Static } from '@sinclair/typebox';
import { Address, Result, StringEnum, Url, UserName } from './common.ts';
import { Env } from './pay.ts';

const id64 = Type.String({ minLength: 1, maxLength: 64 });

/** The card as the merchant sends it (PCI scope, like server-to-server pay). */
export const VaultCardInput = Type.Object({
  cardNo: Type.String({ pattern: '^[0-9]{12,19}$' }),
  expiryMonth: Type.String({ pattern: '^[0-9]{1,2}$' }),
  expiryYear: Type.String({ pattern: '^([0-9]{2}|[0-9]{4})$' }),
  cvv: Type.Optional(Type.String({ pattern: '^[0-9]{2,4}$' })),
  cardholderName: Type.Optional(UserName),
  billingAddress: Type.Optional(Address),
  brand: Type.Optional(Type.String({ maxLength: 32 })),
  is3DSAuthentication: Type.Optional(Type.Boolean()),
  enableAuthenticationUpgrade: Type.Optional(Type.Boolean()),
});

export const VaultPaymentMethodRequest = Type.Object({
  vaultingRequestId: id64,
  /** Where notifyVaulting would go (Antom requires it). */
  vaultingNotificationUrl: Url,
  /** Where the buyer returns after a 3DS verification. */
  redirectUrl: Url,
  merchantRegion: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  paymentMethodDetail: Type.Object({ paymentMethodType: Type.Literal('CARD'), card: VaultCardInput }),
  env: Type.Optional(Env),
});
export type VaultPaymentMethodRequest = Static<typeof VaultPaymentMethodRequest>;

/** The saved card as Antom reports it: masked, with the token once the vaulting succeeded. */
export const VaultedCard = Type.Object({
  cardToken: Type.Optional(Type.String()),
  maskedCardNo: Type.Optional(Type.String({ pattern: '^[0-9]{6}\\*+[0-9]{4}$' })),
  brand: Type.Optional(Type.String()),
  bin: Type.Optional(Type.String({ pattern: '^[0-9]{6,8}$' })),
  lastFour: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  expiryMonth: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])$' })),
  expiryYear: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  funding: Type.Optional(StringEnum(['CREDIT', 'DEBIT', 'PREPAID'])),
  issuingCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
}, { additionalProperties: false });
export type VaultedCard = Static<typeof VaultedCard>;

export const PaymentMethodDetail = Type.Object({ paymentMethodType: Type.Literal('CARD'), card: VaultedCard }, { additionalProperties: false });

export const VaultPaymentMethodResponse = Type.Object({
  result: Result,
  vaultingRequestId: Type.Optional(Type.String()),
  paymentMethodDetail: Type.Optional(PaymentMethodDetail),
  /** The 3DS verification page, while the result is VERIFICATION_IN_PROCESS. */
  normalUrl: Type.Optional(Type.String({ format: 'uri' })),
}, { additionalProperties: false });
export type VaultPaymentMethodResponse = Static<typeof VaultPaymentMethodResponse>;

export const InquireVaultingRequest = Type.Object({ vaultingRequestId: id64 });
export type InquireVaultingRequest = Static<typeof InquireVaultingRequest>;

export const InquireVaultingResponse = Type.Object({
  /** Whether the inquiry itself worked; vaultingStatus says how the vaulting went. */
  result: Result,
  vaultingRequestId: Type.Optional(Type.String()),
  vaultingStatus: Type.Optional(StringEnum(['SUCCESS', 'FAIL', 'PROCESSING'])),
  paymentMethodDetail: Type.Optional(PaymentMethodDetail),
  normalUrl: Type.Optional(Type.String({ format: 'uri' })),
}, { additionalProperties: false });
export type InquireVaultingResponse = Static<typeof InquireVaultingResponse>;

/** An example request the sandbox accepts (GET /_sandbox/examples/vaultPaymentMethod). */
export const VaultPaymentMethodExample = Type.Composite([
  Type.Omit(VaultPaymentMethodRequest, ['paymentMethodDetail', 'vaultingRequestId', 'env']),
  Type.Object({
    vaultingRequestId: Type.String({ pattern: '^VAULT_[A-Za-z0-9]{24}$' }),
    paymentMethodDetail: Type.Object({
      paymentMethodType: Type.Literal('CARD'),
      card: Type.Object({
        cardNo: StringEnum(['4054695723100768', '5162774114974622']),
        expiryMonth: Type.String({ pattern: '^(0[1-9]|1[0-2])$' }),
        expiryYear: Type.String({ pattern: '^(3[0-9]|4[0-9])$' }),
        cvv: Type.String({ pattern: '^[0-9]{3}$' }),
      }),
    }),
  }),
]);
