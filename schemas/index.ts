// Every schema the sandbox uses, by name. The validator compiles all of them once at boot, the example
// generator (GET /_sandbox/examples/:operation) and the tests read them from here.
import { ErrorResponse } from './error-response.ts';
import { InquiryPaymentRequest, InquiryPaymentResponse } from './inquiry-payment.ts';
import { NotifyPaymentBody } from './notify-payment.ts';
import { PayCardRequest, PayHostedRequest, PayRequest, PayResponse, PaySavedCardRequest } from './pay.ts';

export const SCHEMAS = {
  PayRequest,
  PayResponse,
  InquiryPaymentRequest,
  InquiryPaymentResponse,
  NotifyPaymentBody,
  ErrorResponse,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** The request schemas a user can ask an example of; pay has one per mode. */
export const EXAMPLE_SCHEMAS = {
  pay: PayCardRequest,
  'pay-card': PayCardRequest,
  'pay-hosted': PayHostedRequest,
  'pay-saved-card': PaySavedCardRequest,
  inquiryPayment: InquiryPaymentRequest,
} as const;
