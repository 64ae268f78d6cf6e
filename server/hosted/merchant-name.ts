// The merchant's name as the buyer reads it on the card page and the 3DS page. First the pay's own
// order.merchant (merchantDisplayName, then merchantName: what Antom shows for that payment), then the
// name the merchant was registered with (--merchant-name, the registration's name), then a neutral
// default: never the raw client id, which means nothing to a buyer.
export const DEFAULT_MERCHANT_NAME = 'Sandbox merchant';

/** A display name's bounds: what fits on a page header (Antom's merchantDisplayName is 64 characters; names up to 256). */
export const MAX_MERCHANT_NAME = 256;

export function displayMerchantName(fromPay: string | undefined, registered: string | undefined): string {
  return fromPay?.trim() || registered?.trim() || DEFAULT_MERCHANT_NAME;
}

/** A given name, trimmed; undefined with the reason when it is empty, too long or holds control characters. */
export function readMerchantName(value: unknown): { name: string } | { problem: string } {
  if (typeof value !== 'string') return { problem: 'must be a string' };
  const name = value.trim();
  if (!name) return { problem: 'must not be empty' };
  if (name.length > MAX_MERCHANT_NAME) return { problem: `must be at most ${MAX_MERCHANT_NAME} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { problem: 'must not hold control characters' };
  return { name };
}
