// Which result codes a capture or refund that the core's rules accepted can end in, and which of those are
// refusals answered like a broken rule (nothing kept, no notification). The rule codes themselves
// (AUTH_EXPIRED, REFUND_AMOUNT_EXCEED...) are the core's: no scenario gives them, as none can make a
// request that breaks a rule succeed.
import type { LifecycleOperation } from '../../schemas/scenario-file.ts';
import type { ResultCode } from '../api/result-codes.ts';

/** What a capture or refund can fail with, at once or after being in process. */
export const LIFECYCLE_LATER_F_CODES: readonly ResultCode[] = ['PROCESS_FAIL', 'RISK_REJECT'];

/** The merchant's contract refuses the request: refused at once, and by default not kept. */
export const LIFECYCLE_REFUSAL: Readonly<Record<LifecycleOperation, ResultCode>> = {
  capture: 'MULTI_CAPTURE_NOT_SUPPORTED',
  refund: 'PARTIAL_REFUND_NOT_SUPPORTED',
};

export const LIFECYCLE_F_CODES: Readonly<Record<LifecycleOperation, readonly ResultCode[]>> = {
  capture: [...LIFECYCLE_LATER_F_CODES, LIFECYCLE_REFUSAL.capture],
  refund: [...LIFECYCLE_LATER_F_CODES, LIFECYCLE_REFUSAL.refund],
};

export const IN_PROCESS_CODE: Readonly<Record<LifecycleOperation, ResultCode>> = { capture: 'CAPTURE_IN_PROCESS', refund: 'REFUND_IN_PROCESS' };
