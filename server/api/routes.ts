// Which merchant operation a path names. Antom's clients call /ams/api/v1/..., SDKs with a SANDBOX_
// client id rewrite that to /ams/sandbox/api/v1/..., and the docs write /v1/...; all three are served.
import { cancel } from '../operations/cancel.ts';
import { capture } from '../operations/capture.ts';
import type { Operation } from '../operations/context.ts';
import { inquiryPayment } from '../operations/inquiry-payment.ts';
import { inquiryRefund } from '../operations/inquiry-refund.ts';
import { pay } from '../operations/pay.ts';
import { refund } from '../operations/refund.ts';
import { inquireVaulting } from '../vault/inquire-vaulting.ts';
import { vaultPaymentMethod } from '../vault/vault-payment-method.ts';

export const OPERATIONS: Record<string, Operation> = {
  'payments/pay': pay,
  'payments/inquiryPayment': inquiryPayment,
  'payments/capture': capture,
  'payments/cancel': cancel,
  'payments/refund': refund,
  'payments/inquiryRefund': inquiryRefund,
  'vaults/vaultPaymentMethod': vaultPaymentMethod,
  'vaults/inquireVaulting': inquireVaulting,
};

const API_PATH = /^\/(?:ams\/(?:sandbox\/)?api\/)?v1\/([A-Za-z]+\/[A-Za-z]+)\/?$/;

export function operationNameOf(pathname: string): string | undefined {
  const name = API_PATH.exec(pathname)?.[1];
  return name !== undefined && Object.hasOwn(OPERATIONS, name) ? name : undefined;
}
