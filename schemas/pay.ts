// The pay request (POST /v1/payments/pay) in its three modes, and its response.
// One schema validates all three; the mode is read from which fields are present (see payMode()).
import { Type, type Static } from '@sinclair/typebox';
import { SUPPORTED_CURRENCIES } from './currencies.ts';
import { Address, Amount, DateTime, PaymentResultInfo, Result, StringEnum, Url, UserName } from './common.ts';
import { WALLET_TYPES } from './wallet-catalogue.ts';

const id64 = Type.String({ minLength: 1, maxLength: 64 });

export const CardMetaData = Type.Object({
  cardNo: Type.Optional(Type.String({ pattern: '^[0-9]{12,19}$' })),
  // Antom's test data uses "12"/"29"; a 4-digit year is accepted too, as browsers fill cc-exp-year that way.
  expiryMonth: Type.Optional(Type.String({ pattern: '^[0-9]{1,2}$' })),
  expiryYear: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{4})$' })),
  cvv: Type.Optional(Type.String({ pattern: '^[0-9]{2,4}$' })),
  cardholderName: Type.Optional(UserName),
  billingAddress: Type.Optional(Address),
  isCardOnFile: Type.Optional(Type.Boolean()),
  is3DSAuthentication: Type.Optional(Type.Boolean()),
  enableAuthenticationUpgrade: Type.Optional(Type.Boolean()),
  tokenize: Type.Optional(Type.Boolean()),
  selectedCardBrand: Type.Optional(Type.String({ maxLength: 32 })),
  network: Type.Optional(Type.String({ maxLength: 32 })),
}, { dependencies: { cardNo: ['expiryMonth', 'expiryYear'] } });

export const PaymentMethod = Type.Object({
  /** CARD, or a wallet of the catalogue (scenarios/wallets/catalogue.yaml). */
  paymentMethodType: StringEnum(['CARD', ...WALLET_TYPES]),
  paymentMethodId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  paymentMethodMetaData: Type.Optional(CardMetaData),
});

const Goods = Type.Object({
  referenceGoodsId: Type.Optional(id64),
  goodsName: Type.Optional(Type.String({ maxLength: 256 })),
  goodsCategory: Type.Optional(Type.String({ maxLength: 256 })),
  goodsUrl: Type.Optional(Type.String({ maxLength: 2048 })),
  goodsUnitAmount: Type.Optional(Amount),
  goodsQuantity: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,7}$' })),
});

/**
 * Antom's Merchant object: the (secondary) merchant the order is for. The hosted pages show
 * merchantDisplayName, else merchantName.
 */
const Merchant = Type.Object({
  referenceMerchantId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  merchantMCC: Type.Optional(Type.String({ maxLength: 32 })),
  merchantName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  merchantDisplayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  merchantAddress: Type.Optional(Address),
  merchantRegisterDate: Type.Optional(DateTime),
});

export const Order = Type.Object({
  orderAmount: Type.Optional(Amount),
  orderDescription: Type.Optional(Type.String({ maxLength: 256 })),
  referenceOrderId: Type.Optional(id64),
  merchant: Type.Optional(Merchant),
  goods: Type.Optional(Type.Array(Goods, { maxItems: 100 })),
  shipping: Type.Optional(Type.Object({
    shippingName: Type.Optional(UserName),
    shippingAddress: Type.Optional(Address),
    shippingCarrier: Type.Optional(Type.String({ maxLength: 128 })),
    shippingPhoneNo: Type.Optional(Type.String({ maxLength: 32 })),
    shipToEmail: Type.Optional(Type.String({ maxLength: 64 })),
  })),
  buyer: Type.Optional(Type.Object({
    referenceBuyerId: Type.Optional(id64),
    buyerPhoneNo: Type.Optional(Type.String({ maxLength: 24 })),
    buyerEmail: Type.Optional(Type.String({ maxLength: 64 })),
    buyerName: Type.Optional(UserName),
  })),
});

export const Env = Type.Object({
  terminalType: StringEnum(['WEB', 'WAP', 'APP', 'MINI_APP']),
  osType: Type.Optional(StringEnum(['IOS', 'ANDROID'])),
  clientIp: Type.Optional(Type.String({ maxLength: 64 })),
  deviceId: Type.Optional(Type.String({ maxLength: 64 })),
  deviceLanguage: Type.Optional(Type.String({ maxLength: 32 })),
  browserInfo: Type.Optional(Type.Object({
    acceptHeader: Type.Optional(Type.String({ maxLength: 256 })),
    javaEnabled: Type.Optional(Type.Boolean()),
    javaScriptEnabled: Type.Optional(Type.Boolean()),
    language: Type.Optional(Type.String({ maxLength: 32 })),
    userAgent: Type.Optional(Type.String({ maxLength: 1024 })),
  })),
  colorDepth: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  screenHeight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  screenWidth: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  timeZoneOffset: Type.Optional(Type.Integer({ minimum: -1440, maximum: 1440 })),
});

export const PaymentFactor = Type.Object({
  isAuthorization: Type.Optional(Type.Boolean()),
  captureMode: Type.Optional(StringEnum(['AUTOMATIC', 'MANUAL'])),
});

export const PayRequest = Type.Object({
  productCode: Type.Literal('CASHIER_PAYMENT'),
  paymentRequestId: id64,
  order: Order,
  paymentAmount: Amount,
  paymentMethod: PaymentMethod,
  paymentExpiryTime: Type.Optional(DateTime),
  paymentRedirectUrl: Type.Optional(Url),
  paymentNotifyUrl: Type.Optional(Url),
  paymentFactor: Type.Optional(PaymentFactor),
  settlementStrategy: Type.Optional(Type.Object({ settlementCurrency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })) })),
  env: Env,
});
export type PayRequest = Static<typeof PayRequest>;

/** An amount the sandbox accepts as it is: a supported currency (IDR left out for its "00" rule). */
const ExampleAmount = Type.Object({
  currency: StringEnum(SUPPORTED_CURRENCIES.filter((c) => c !== 'IDR')),
  value: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }),
}, { additionalProperties: false });
// Example request ids are long enough never to collide, so every generated request is a new payment.
const ExampleBase = Type.Composite([
  Type.Omit(PayRequest, ['paymentMethod', 'paymentAmount', 'paymentRequestId']),
  Type.Object({ paymentAmount: ExampleAmount, paymentRequestId: Type.String({ pattern: '^PAY_[A-Za-z0-9]{24}$' }) }),
]);

/** The three ways a merchant pays, as separate schemas so examples can be generated for each. */
export const PayCardRequest = Type.Composite([
  ExampleBase,
  Type.Object({
    paymentMethod: Type.Object({
      paymentMethodType: Type.Literal('CARD'),
      paymentMethodMetaData: Type.Composite([
        Type.Omit(CardMetaData, ['cardNo', 'expiryMonth', 'expiryYear', 'cvv']),
        Type.Object({
          cardNo: StringEnum(['4054695723100768', '5162774114974622', '4117347806156383']),
          expiryMonth: Type.String({ pattern: '^(0[1-9]|1[0-2])$' }),
          expiryYear: Type.String({ pattern: '^(3[0-9]|4[0-9])$' }),
          cvv: Type.String({ pattern: '^[0-9]{3}$' }),
        }),
      ]),
    }),
  }),
]);
export const PayHostedRequest = Type.Composite([
  ExampleBase,
  Type.Object({ paymentMethod: Type.Object({ paymentMethodType: Type.Literal('CARD') }) }),
]);
export const PaySavedCardRequest = Type.Composite([
  ExampleBase,
  Type.Object({
    paymentMethod: Type.Object({ paymentMethodType: Type.Literal('CARD'), paymentMethodId: Type.String({ minLength: 1, maxLength: 128 }) }),
  }),
]);

export const RedirectActionForm = Type.Object({
  method: StringEnum(['GET', 'POST']),
  parameters: Type.Optional(Type.String()),
  redirectUrl: Type.String(),
});

/** A QR code to show on the merchant's own page: its text and an image of it (Antom's orderCodeForm). */
export const OrderCodeForm = Type.Object({
  paymentMethodType: Type.Optional(Type.String()),
  expireTime: Type.Optional(DateTime),
  codeDetails: Type.Array(Type.Object({
    codeValueType: Type.Optional(StringEnum(['QRCODE', 'BARCODE'])),
    codeValue: Type.String(),
    displayType: StringEnum(['TEXT', 'SMALLIMAGE', 'MIDDLEIMAGE', 'BIGIMAGE', 'IMAGE']),
  }, { additionalProperties: false })),
}, { additionalProperties: false });

export const PayResponse = Type.Object({
  result: Result,
  paymentId: Type.Optional(Type.String({ pattern: '^[0-9]{20,40}$' })),
  paymentRequestId: Type.Optional(Type.String()),
  paymentAmount: Type.Optional(Amount),
  paymentCreateTime: Type.Optional(DateTime),
  paymentTime: Type.Optional(DateTime),
  authExpiryTime: Type.Optional(DateTime),
  normalUrl: Type.Optional(Type.String({ format: 'uri' })),
  redirectActionForm: Type.Optional(RedirectActionForm),
  paymentResultInfo: Type.Optional(PaymentResultInfo),
  /** A wallet's links (docs/wallets.md): an App Link / Universal Link, a custom-scheme URL, a QR code. */
  applinkUrl: Type.Optional(Type.String({ format: 'uri' })),
  schemeUrl: Type.Optional(Type.String()),
  orderCodeForm: Type.Optional(OrderCodeForm),
}, { additionalProperties: false });
export type PayResponse = Static<typeof PayResponse>;
