// The planned series of a checkout certification run, in the order the merchant's next new
// paymentRequestIds get them (one each, through queued pins of built-in scenarios), and how long a
// merchant has to inquire when no notification comes.
export interface CheckoutCase {
  id: 'unknown-exception' | 'no-answer' | 'declined' | '3ds-challenge' | 'notification-held';
  /** The built-in scenario pinned for it (scenarios/). */
  scenario: string;
  description: string;
}

export const CHECKOUT_PLAN: readonly CheckoutCase[] = [
  { id: 'unknown-exception', scenario: 'UNKNOWN_EXCEPTION', description: 'pay answered U UNKNOWN_EXCEPTION (the payment really succeeded)' },
  { id: 'no-answer', scenario: 'no-answer', description: 'pay never answered until the client times out (the payment really succeeded)' },
  { id: 'declined', scenario: 'DO_NOT_HONOR', description: 'pay answered F DO_NOT_HONOR' },
  { id: '3ds-challenge', scenario: '3ds-challenge', description: 'pay answered U PAYMENT_IN_PROCESS with a 3DS challenge at normalUrl' },
  { id: 'notification-held', scenario: 'notify-held', description: 'pay succeeds, but notifyPayment is held until the merchant inquires' },
];

/**
 * Sandbox time a merchant has to call inquiryPayment when no notification came: Antom's best practice
 * starts inquiring 5 s after pay and repeats every 3 s, 10 to 20 times; 60 s covers that with room.
 */
export const INQUIRY_DEADLINE_MS = 60_000;
