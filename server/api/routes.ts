// The one routing decision of a merchant call: is the target a merchant API path, and which operation
// (with its request schema) does it name. Antom's clients call /ams/api/v1/..., SDKs with a SANDBOX_
// client id rewrite that to /ams/sandbox/api/v1/..., and the docs write /v1/...; all three are served.
import type { Static } from '@sinclair/typebox';
import type { SCHEMAS, SchemaName } from '../../schemas/index.ts';
import { cancel } from '../operations/cancel.ts';
import { capture } from '../operations/capture.ts';
import type { Operation } from '../operations/context.ts';
import { inquiryPayment } from '../operations/inquiry-payment.ts';
import { inquiryRefund } from '../operations/inquiry-refund.ts';
import { pay } from '../operations/pay.ts';
import { refund } from '../operations/refund.ts';
import { inquireVaulting } from '../vault/inquire-vaulting.ts';
import { vaultPaymentMethod } from '../vault/vault-payment-method.ts';

export interface MerchantOperation {
  /** The request schema the pipeline checks the body against before the operation sees it. */
  schema: SchemaName;
  run: Operation<unknown>;
}

// The pipeline calls run only with a body its schema accepted, which is what narrows unknown to the request.
const operation = <N extends SchemaName>(schema: N, run: Operation<Static<(typeof SCHEMAS)[N]>>): MerchantOperation => ({ schema, run: run as Operation<unknown> });

export const OPERATIONS: Record<string, MerchantOperation> = {
  'payments/pay': operation('PayRequest', pay),
  'payments/inquiryPayment': operation('InquiryPaymentRequest', inquiryPayment),
  'payments/capture': operation('CaptureRequest', capture),
  'payments/cancel': operation('CancelRequest', cancel),
  'payments/refund': operation('RefundRequest', refund),
  'payments/inquiryRefund': operation('InquiryRefundRequest', inquiryRefund),
  'vaults/vaultPaymentMethod': operation('VaultPaymentMethodRequest', vaultPaymentMethod),
  'vaults/inquireVaulting': operation('InquireVaultingRequest', inquireVaulting),
};

export interface MerchantRoute {
  /** The path a client signed: pathname plus query, without scheme and host when the target was absolute. */
  path: string;
  pathname: string;
  /** The operation's name (payments/pay...), absent for a path that names none. */
  name?: string;
  operation?: MerchantOperation;
}

const API_PATH = /^\/(?:ams\/(?:sandbox\/)?api\/)?v1\/([A-Za-z]+\/[A-Za-z]+)\/?$/;

/** The route of any target; one that is not a merchant API path has no operation (NO_INTERFACE_DEF). */
export function routeOf(target: string): MerchantRoute {
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const end = path.search(/[?#]/);
  const pathname = end < 0 ? path : path.slice(0, end);
  const name = API_PATH.exec(pathname)?.[1];
  return name !== undefined && Object.hasOwn(OPERATIONS, name) ? { path, pathname, name, operation: OPERATIONS[name] } : { path, pathname };
}

/** Whether a signed path (a route's `path`) is under the merchant API's prefixes. */
export const isMerchantApiPath = (path: string): boolean => path.startsWith('/ams/') || path.startsWith('/v1/');

/** The route of a merchant API path (/ams/..., /v1/..., also in absolute form), or undefined for any other. */
export function merchantRouteOf(target: string | undefined): MerchantRoute | undefined {
  const route = routeOf(target ?? '');
  return isMerchantApiPath(route.path) ? route : undefined;
}
