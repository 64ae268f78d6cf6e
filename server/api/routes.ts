// Which merchant operation a path names. Antom's clients call /ams/api/v1/..., SDKs with a SANDBOX_
// client id rewrite that to /ams/sandbox/api/v1/..., and the docs write /v1/...; all three are served.
import type { Operation } from '../operations/context.ts';
import { inquiryPayment } from '../operations/inquiry-payment.ts';
import { pay } from '../operations/pay.ts';

export const OPERATIONS: Record<string, Operation> = {
  'payments/pay': pay,
  'payments/inquiryPayment': inquiryPayment,
};

const API_PATH = /^\/(?:ams\/(?:sandbox\/)?api\/)?v1\/([A-Za-z]+\/[A-Za-z]+)\/?$/;

export function operationNameOf(pathname: string): string | undefined {
  const name = API_PATH.exec(pathname)?.[1];
  return name !== undefined && Object.hasOwn(OPERATIONS, name) ? name : undefined;
}
