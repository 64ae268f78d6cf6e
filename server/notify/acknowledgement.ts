// Antom counts a notification as delivered only when the merchant answers HTTP 200 with exactly
// {"result":{"resultCode":"SUCCESS","resultStatus":"S",...}}. Anything else is a failed attempt, and this
// says why in words a developer can act on.
export function judgeAnswer(status: number, body: string): { delivered: true } | { delivered: false; error: string } {
  if (status >= 300 && status < 400) return { delivered: false, error: `HTTP ${status} redirect: redirects are never followed` };
  if (status !== 200) return { delivered: false, error: `HTTP ${status}: the acknowledgement needs HTTP 200` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { delivered: false, error: 'the answer is not JSON: the acknowledgement is {"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}' };
  }
  const result = (parsed as { result?: { resultCode?: unknown; resultStatus?: unknown } } | null)?.result;
  if (result?.resultCode !== 'SUCCESS' || result.resultStatus !== 'S') {
    return { delivered: false, error: `the answer's result is ${JSON.stringify(result ?? null)}, not resultCode SUCCESS with resultStatus S` };
  }
  return { delivered: true };
}
