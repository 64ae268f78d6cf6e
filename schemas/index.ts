// Every schema the sandbox uses, by name. The validator compiles all of them once at boot, the example
// generator (GET /_sandbox/examples/:operation) and the tests read them from here.
import { CancelRequest, CancelResponse } from './cancel.ts';
import { CaptureExample, CaptureRequest, CaptureResponse } from './capture.ts';
import { ErrorResponse } from './error-response.ts';
import { InquiryRefundRequest, InquiryRefundResponse } from './inquiry-refund.ts';
import { InquiryPaymentRequest, InquiryPaymentResponse } from './inquiry-payment.ts';
import { NotifyCaptureBody } from './notify-capture.ts';
import { NotifyPaymentBody } from './notify-payment.ts';
import { NotifyRefundBody } from './notify-refund.ts';
import { PayCardRequest, PayHostedRequest, PayRequest, PayResponse, PaySavedCardRequest } from './pay.ts';
import { RefundExample, RefundRequest, RefundResponse } from './refund.ts';
import { ScenarioFile } from './scenario-file.ts';
import {
  InquireVaultingRequest, InquireVaultingResponse, VaultPaymentMethodExample, VaultPaymentMethodRequest, VaultPaymentMethodResponse,
} from './vault.ts';

export const SCHEMAS = {
  PayRequest,
  PayResponse,
  InquiryPaymentRequest,
  InquiryPaymentResponse,
  NotifyPaymentBody,
  ErrorResponse,
  CaptureRequest,
  CaptureResponse,
  CancelRequest,
  CancelResponse,
  RefundRequest,
  RefundResponse,
  InquiryRefundRequest,
  InquiryRefundResponse,
  NotifyCaptureBody,
  NotifyRefundBody,
  VaultPaymentMethodRequest,
  VaultPaymentMethodResponse,
  InquireVaultingRequest,
  InquireVaultingResponse,
  /** Scenario files (--scenarios); the loader reports every problem with its file and line. */
  ScenarioFile,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** The request schemas a user can ask an example of; pay has one per mode. */
export const EXAMPLE_SCHEMAS = {
  pay: PayCardRequest,
  'pay-card': PayCardRequest,
  'pay-hosted': PayHostedRequest,
  'pay-saved-card': PaySavedCardRequest,
  inquiryPayment: InquiryPaymentRequest,
  capture: CaptureExample,
  cancel: CancelRequest,
  refund: RefundExample,
  inquiryRefund: InquiryRefundRequest,
  vaultPaymentMethod: VaultPaymentMethodExample,
  inquireVaulting: InquireVaultingRequest,
} as const;
