// Turns the raw request bytes into a JSON value, or a PARAM_ILLEGAL that says what is wrong with them.
import secureJson from 'secure-json-parse';
import { refuse, type Refusal } from './refusal.ts';

export const MAX_DEPTH = 32;
// ignoreBOM keeps a leading byte-order mark in the text: the signature covers the exact body bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Deepest nesting of objects and arrays, counted outside strings; stops early past the limit. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export function readJson(raw: Buffer): { text: string; value: unknown } | Refusal {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return refuse('PARAM_ILLEGAL', 'the request body is not valid UTF-8');
  }
  if (text.trim() === '') return refuse('PARAM_ILLEGAL', 'the request body is empty; a JSON object is required');
  if (nestingDepth(text, MAX_DEPTH) > MAX_DEPTH) return refuse('PARAM_ILLEGAL', `the request body nests deeper than ${MAX_DEPTH} levels`);
  let value: unknown;
  try {
    // Rejects "__proto__" and "constructor.prototype" keys instead of letting them near an object's prototype.
    value = secureJson.parse(text.replace(/^\uFEFF/, ''), undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const reason = (error as Error).message.includes('prototype') ? 'a forbidden __proto__ or constructor.prototype key' : (error as Error).message;
    return refuse('PARAM_ILLEGAL', `the request body is not valid JSON: ${reason}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('PARAM_ILLEGAL', 'the request body must be a JSON object');
  }
  return { text, value };
}
