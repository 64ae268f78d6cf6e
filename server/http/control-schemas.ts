// The schemas of the control plane's request bodies and answers (schemas/control/), with the code lists
// the scenario engine decides with filled in. The routes validate bodies with these, and the control-plane
// OpenAPI document (GET /_sandbox/openapi/control.json) is built from the same objects.
import type { Static, TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { AdvanceClockAnswer, AdvanceClockBody, ClockAnswer } from '../../schemas/control/clock.ts';
import { ControlEnvelope, ControlError } from '../../schemas/control/envelope.ts';
import { SettledCaptureAnswer, SettledRefundAnswer, settleLifecycleBody } from '../../schemas/control/lifecycle.ts';
import {
  FaultSwitchAnswer, FaultSwitchBody, Notification, NotificationsAnswer, ResendAnswer, SetFaultSwitchAnswer,
} from '../../schemas/control/notifications.ts';
import {
  ExamplesAnswer, HealthAnswer, InspectedPayment, KeysAnswer, MerchantsAnswer, PaymentsAnswer, RegisterMerchantAnswer, RegisterMerchantBody,
} from '../../schemas/control/sandbox.ts';
import { ReceivedAnswer, ReceiversAnswer } from '../../schemas/control/receiver.ts';
import { WalletActionBody } from '../../schemas/control/wallet.ts';
import {
  ChallengeBody, PinAnswer, PinBody, PinsAnswer, ScenarioDescription, ScenariosAnswer, SettledPaymentAnswer, settlePaymentBody, UnpinAnswer,
} from '../../schemas/control/scenarios.ts';
import { createAjv, explainErrors } from '../api/validate.ts';
import { SandboxError } from '../api/result-codes.ts';
import { LIFECYCLE_F_CODES } from '../scenario/lifecycle-codes.ts';
import { PAY_F_CODES, REQUEST_CHECK_CODES } from '../scenario/pay-codes.ts';

/** Codes a payment in process can end in: a pay's F codes that a payment (not a request check) can have. */
export const SETTLE_CODES = PAY_F_CODES.filter((code) => !REQUEST_CHECK_CODES.has(code));

export const CONTROL_SCHEMAS = {
  ControlEnvelope,
  ControlError,
  HealthAnswer,
  KeysAnswer,
  MerchantsAnswer,
  RegisterMerchantBody,
  RegisterMerchantAnswer,
  InspectedPayment,
  PaymentsAnswer,
  ExamplesAnswer,
  ClockAnswer,
  AdvanceClockBody,
  AdvanceClockAnswer,
  Notification,
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
} as const;

export type ControlSchemaName = keyof typeof CONTROL_SCHEMAS;

// The merchant API's ajv settings and error wording, so a control-plane PARAM_ILLEGAL reads like an API one.
// Every schema is compiled when the module loads: a broken one stops the sandbox from starting.
const ajv = createAjv();
const compiled = new Map<TSchema, ValidateFunction>(Object.values(CONTROL_SCHEMAS).map((schema) => [schema, ajv.compile(schema)]));

/** The request body, checked against its schema (one of CONTROL_SCHEMAS); PARAM_ILLEGAL naming the field otherwise. A missing body is {}. */
export function readBody<T extends TSchema>(schema: T, body: unknown): Static<T> {
  const value = body ?? {};
  const check = compiled.get(schema);
  if (!check) throw new Error('readBody takes a schema of CONTROL_SCHEMAS');
  if (!check(value)) throw new SandboxError('PARAM_ILLEGAL', explainErrors(check.errors ?? []));
  return value as Static<T>;
}
