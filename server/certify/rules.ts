// The parts of Antom's published rules each certification check holds a merchant to, with where to read
// them. docs/certification.md explains each one at length.

export interface Rule { text: string; url: string }

export const RULES = {
  acknowledge: {
    text: 'notifyPayment: answer HTTP 200 with result.resultCode SUCCESS (resultStatus S); anything else is a failed delivery and is sent again',
    url: 'https://docs.antom.com/ac/ams/paymentrn_online',
  },
  duplicates: {
    text: 'Notifications are re-sent until acknowledged: the same result can arrive more than once and must be handled once',
    url: 'https://docs.antom.com/ac/cashierpay/notifications',
  },
  verifySignature: {
    text: 'When receiving a notification, you must verify the signature of the received notification',
    url: 'https://docs.antom.com/ac/ams/digital_signature',
  },
  tolerantReader: {
    text: 'Notification bodies grow over time (fields are added to notifyPayment); ignore fields you do not know',
    url: 'https://docs.antom.com/ac/ams/paymentrn_online',
  },
  lifecycleNotifications: {
    text: 'notifyCapture and notifyRefund carry the final capture and refund results, acknowledged like notifyPayment',
    url: 'https://docs.antom.com/ac/cashierpay/notifications',
  },
  inquireOnUnknown: {
    text: 'resultStatus U, or no result at all: inquire with inquiryPayment (every 3 s, 10 to 20 times) instead of treating it as a failure',
    url: 'https://docs.antom.com/ac/ams_upm/bp',
  },
  sameRequestId: {
    text: 'paymentRequestId is the idempotency key: one paymentRequestId for one payment (paymentId and paymentRequestId correspond one to one)',
    url: 'https://docs.antom.com/ac/ams/paymentrn_online',
  },
  declineIsFinal: {
    text: 'resultStatus F is final: act on result.resultCode (tell the buyer) rather than retrying the same payment',
    url: 'https://docs.antom.com/ac/ams_upm/bp',
  },
  challenge: {
    text: 'PAYMENT_IN_PROCESS with normalUrl: send the buyer to normalUrl (the 3DS challenge) to finish the payment',
    url: 'https://docs.antom.com/ac/ams/paymentrn_online',
  },
  inquireWithoutNotification: {
    text: 'No notification and no final result a few seconds after pay: inquire with inquiryPayment',
    url: 'https://docs.antom.com/ac/ams_upm/bp',
  },
} as const satisfies Record<string, Rule>;
