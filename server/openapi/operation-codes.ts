// Which result codes each merchant operation can answer, built from the lists the sandbox decides with
// (pay's F codes, the capture and refund outcomes) and from what each operation's rules raise. Status and
// meaning come from the one catalogue (core/result-codes.ts); this file only says which code goes where.
import { RESULT_CODES, type ResultCode } from '../api/result-codes.ts';
import { IN_PROCESS_CODE, LIFECYCLE_F_CODES } from '../scenario/lifecycle-codes.ts';
import { PAY_F_CODES } from '../scenario/pay-codes.ts';

/** Answered by the pipeline before any operation runs, or when what it changed could not be stored. */
export const GATEWAY_CODES: readonly ResultCode[] = [
  'PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'MEDIA_TYPE_NOT_ACCEPTABLE', 'METHOD_NOT_SUPPORTED',
  'UNKNOWN_EXCEPTION',
];

/** A scenario's fault on a call that a scenario decides (pay, capture, refund, vaulting). */
const FAULT_CODES: readonly ResultCode[] = ['UNKNOWN_EXCEPTION', 'REQUEST_TRAFFIC_EXCEED_LIMIT'];

const CAPTURE_RULES: readonly ResultCode[] = [
  'AUTH_NOT_FOUND', 'AUTH_CANCELLED', 'AUTH_EXPIRED', 'CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT', 'ORDER_STATUS_INVALID',
  'REPEAT_REQ_INCONSISTENT', 'INVALID_AMOUNT',
];
const REFUND_RULES: readonly ResultCode[] = [
  'ORDER_NOT_EXIST', 'REFUND_AMOUNT_EXCEED', 'REFUND_WINDOW_EXCEED', 'ORDER_IS_CANCELED', 'ORDER_STATUS_INVALID',
  'REPEAT_REQ_INCONSISTENT', 'INVALID_AMOUNT',
];

export const OPERATION_CODES = {
  pay: ['SUCCESS', 'PAYMENT_IN_PROCESS', ...FAULT_CODES, ...PAY_F_CODES],
  inquiryPayment: ['SUCCESS', 'ORDER_NOT_EXIST'],
  capture: ['SUCCESS', IN_PROCESS_CODE.capture, ...FAULT_CODES, ...LIFECYCLE_F_CODES.capture, ...CAPTURE_RULES],
  cancel: ['SUCCESS', 'ORDER_NOT_EXIST', 'CANCEL_WINDOW_EXCEED', 'ORDER_STATUS_INVALID', 'PROCESS_FAIL'],
  refund: ['SUCCESS', IN_PROCESS_CODE.refund, ...FAULT_CODES, ...LIFECYCLE_F_CODES.refund, ...REFUND_RULES],
  inquiryRefund: ['SUCCESS', 'REFUND_NOT_EXIST'],
  // A card to vault is checked and decided as a card pay is: a decline answers the pay's code.
  vaultPaymentMethod: ['SUCCESS', 'VERIFICATION_IN_PROCESS', ...FAULT_CODES, 'SYSTEM_ERROR', ...PAY_F_CODES],
  inquireVaulting: ['SUCCESS', 'VAULTING_NOT_EXIST'],
} as const satisfies Record<string, readonly ResultCode[]>;

export type MerchantOperationName = keyof typeof OPERATION_CODES;

export interface CodeEntry { resultCode: ResultCode; resultStatus: 'S' | 'F' | 'U'; meaning: string }

/** The operation's codes with the gateway's, each once, S first, then U, then F, as the catalogue describes them. */
export function codesOf(operation: MerchantOperationName): CodeEntry[] {
  const order = { S: 0, U: 1, F: 2 } as const;
  const codes = [...new Set<ResultCode>([...OPERATION_CODES[operation], ...GATEWAY_CODES])];
  return codes
    .map((resultCode) => ({ resultCode, resultStatus: RESULT_CODES[resultCode][0], meaning: RESULT_CODES[resultCode][1] }))
    .sort((a, b) => order[a.resultStatus] - order[b.resultStatus]);
}
