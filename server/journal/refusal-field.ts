// The field (or header) a refusal's message names, for the journal's "error field" column. Messages name
// their field first ("paymentAmount.value is required", "order.env.userAgent must be string", "the
// Signature header is required"), as the validator and the pipeline write them.

const HEADER = /^the ([A-Za-z-]+) header\b/;
const FIELD = /^([A-Za-z_][\w]*(?:\[\d+\])?(?:\.[A-Za-z_][\w]*(?:\[\d+\])?)*) (?:\S+ )?(?:is|must|fails)\b/;
/** Words that open a sentence about a payment rather than about a field. */
const NOT_FIELDS = new Set(['the', 'a', 'no', 'payment', 'refund', 'capture', 'nothing', 'signature']);
const BY_CODE: Record<string, string> = {
  INVALID_SIGNATURE: 'Signature', KEY_NOT_FOUND: 'Client-Id', CLIENT_INVALID: 'Client-Id', MEDIA_TYPE_NOT_ACCEPTABLE: 'Content-Type',
};

export function refusalField(resultCode: string, message: string): string | undefined {
  const header = HEADER.exec(message)?.[1];
  if (header) return header;
  if (BY_CODE[resultCode]) return BY_CODE[resultCode];
  if (/^the request body\b/.test(message)) return 'body';
  const field = FIELD.exec(message)?.[1];
  return field && !NOT_FIELDS.has(field) ? field : undefined;
}
