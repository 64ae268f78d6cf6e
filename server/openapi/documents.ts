// Both OpenAPI documents, built once per process on first use: the merchant document records its examples
// on a throwaway in-memory sandbox, which takes a moment, and nothing in either document changes while
// the sandbox runs.
import { stringify } from 'yaml';
import { PACKAGE_VERSION } from '../package-root.ts';
import { buildControlDocument } from './control-document.ts';
import { buildMerchantDocument } from './merchant-document.ts';
import { recordExamples } from './record-examples.ts';

const version = PACKAGE_VERSION;

let merchant: Promise<object> | undefined;
let control: object | undefined;

export function merchantDocument(): Promise<object> {
  merchant ??= recordExamples().then((recorded) => buildMerchantDocument(recorded, version));
  // A failed build is not kept: the next request tries again.
  merchant.catch(() => { merchant = undefined; });
  return merchant;
}

export function controlDocument(): object {
  control ??= buildControlDocument(version);
  return control;
}

/** The text served and committed: JSON with two-space indentation and a final newline, or YAML. */
export function documentText(document: object, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}
