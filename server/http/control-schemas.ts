// The schemas of the control plane's request bodies, query strings and answers (schemas/control/), with
// the code lists the scenario engine decides with and the error catalogue's codes filled in. The routes
// validate with these (control-validate.ts), and the control-plane OpenAPI document
// (GET /_sandbox/openapi/control.json) is built from the same objects.
import { AdvanceClockAnswer, AdvanceClockBody, ClockAnswer } from '../../schemas/control/clock.ts';
import { ControlEnvelope, controlErrorSchema } from '../../schemas/control/envelope.ts';
import {
  ComposedAnswer, ComposeNotificationBody, DueAnswer, DueQuery, EventStreamQuery, RequestEntry, RequestList, RequestListQuery, ResetAnswer, TlsAnswer,
} from '../../schemas/control/dashboard.ts';
import { SettledCaptureAnswer, SettledRefundAnswer, settleLifecycleBody } from '../../schemas/control/lifecycle.ts';
import {
  FaultSwitchAnswer, FaultSwitchBody, Notification, NotificationsAnswer, NotificationsQuery, ResendAnswer, SetFaultSwitchAnswer,
} from '../../schemas/control/notifications.ts';
import {
  ExampleQuery, ExamplesAnswer, FailingHealthAnswer, HealthAnswer, InspectedPayment, KeysAnswer, MerchantsAnswer, PaymentsAnswer, PaymentsQuery, RegisterMerchantAnswer, RegisterMerchantBody,
} from '../../schemas/control/sandbox.ts';
import { ReceivedAnswer, ReceiversAnswer } from '../../schemas/control/receiver.ts';
import { WalletActionBody } from '../../schemas/control/wallet.ts';
import {
  ChallengeBody, PinAnswer, PinBody, PinsAnswer, ScenarioDescription, ScenarioRequestAnswer, ScenarioRequestQuery, ScenariosAnswer, SettledPaymentAnswer,
  settlePaymentBody, UnpinAnswer, UnpinQuery,
} from '../../schemas/control/scenarios.ts';
import {
  CertifyReport, CertifyReportAnswer, CertifyReportQuery, CertifyReportsAnswer, CertifyWebhookBody, CheckoutRunAnswer, CheckoutStartBody,
} from '../../schemas/control/certify.ts';
import { CONTROL_ERROR_CODES } from './control-errors.ts';
import { LIFECYCLE_F_CODES } from '../scenario/lifecycle-codes.ts';
import { PAY_F_CODES, REQUEST_CHECK_CODES } from '../scenario/pay-codes.ts';

/** Codes a payment in process can end in: a pay's F codes that a payment (not a request check) can have. */
export const SETTLE_CODES = PAY_F_CODES.filter((code) => !REQUEST_CHECK_CODES.has(code));

export const CONTROL_SCHEMAS = {
  ControlEnvelope,
  ControlError: controlErrorSchema(CONTROL_ERROR_CODES),
  HealthAnswer,
  FailingHealthAnswer,
  KeysAnswer,
  MerchantsAnswer,
  RegisterMerchantBody,
  RegisterMerchantAnswer,
  InspectedPayment,
  PaymentsQuery,
  PaymentsAnswer,
  ExampleQuery,
  ExamplesAnswer,
  ClockAnswer,
  AdvanceClockBody,
  AdvanceClockAnswer,
  Notification,
  NotificationsQuery,
  NotificationsAnswer,
  ResendAnswer,
  FaultSwitchBody,
  FaultSwitchAnswer,
  SetFaultSwitchAnswer,
  ScenarioDescription,
  ScenariosAnswer,
  PinBody,
  PinAnswer,
  PinsAnswer,
  UnpinQuery,
  UnpinAnswer,
  SettlePaymentBody: settlePaymentBody(SETTLE_CODES),
  ChallengeBody,
  WalletActionBody,
  SettledPaymentAnswer,
  SettleCaptureBody: settleLifecycleBody(LIFECYCLE_F_CODES.capture),
  SettleRefundBody: settleLifecycleBody(LIFECYCLE_F_CODES.refund),
  SettledCaptureAnswer,
  SettledRefundAnswer,
  ReceiversAnswer,
  ReceivedAnswer,
  RequestListQuery,
  RequestList,
  RequestEntry,
  TlsAnswer,
  ResetAnswer,
  DueQuery,
  DueAnswer,
  ComposeNotificationBody,
  ComposedAnswer,
  EventStreamQuery,
  ScenarioRequestQuery,
  ScenarioRequestAnswer,
  CertifyWebhookBody,
  CheckoutStartBody,
  CertifyReportQuery,
  CertifyReport,
  CertifyReportAnswer,
  CheckoutRunAnswer,
  CertifyReportsAnswer,
} as const;

export type ControlSchemaName = keyof typeof CONTROL_SCHEMAS;
