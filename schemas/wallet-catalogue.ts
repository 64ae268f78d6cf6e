// The wallet catalogue (scenarios/wallets/catalogue.yaml): each wallet a merchant can pay with, and which
// links Antom's pay answers with for each terminal type. Read and checked once when this module loads, so
// a broken catalogue stops the sandbox from starting; adding a wallet is a change to that file only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../server/package-root.ts';
import { StringEnum } from './common.ts';

const closed = { additionalProperties: false } as const;

/** The links of a pay answer, as docs.antom.com names them ("URLs returned for some payment methods"). */
export const WALLET_LINKS = ['normalUrl', 'applinkUrl', 'schemeUrl', 'orderCodeForm'] as const;
export type WalletLink = (typeof WALLET_LINKS)[number];
export const WALLET_TERMINALS = ['WEB', 'WAP', 'APP'] as const;
export type WalletTerminal = (typeof WALLET_TERMINALS)[number];

const Links = Type.Array(StringEnum(WALLET_LINKS), { minItems: 1, maxItems: 4, uniqueItems: true });

export const WalletSpec = Type.Object({
  /** paymentMethod.paymentMethodType, as Antom spells it. */
  paymentMethodType: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }),
  /** The name shown on the sandbox wallet page: a plain name, never a logo or trademark artwork. */
  name: Type.String({ minLength: 1, maxLength: 40 }),
  /** Where the wallet is used (ISO 3166 alpha-2), shown on the page. */
  region: Type.String({ pattern: '^[A-Z]{2}$' }),
  /** The custom URL scheme of the sandbox's schemeUrl for this wallet (a browser cannot open it). */
  scheme: Type.String({ pattern: '^[a-z][a-z0-9+.-]{1,40}$' }),
  /** Which links pay answers with, per env.terminalType; a terminal not listed is refused. */
  terminals: Type.Object({ WEB: Type.Optional(Links), WAP: Type.Optional(Links), APP: Type.Optional(Links) }, { ...closed, minProperties: 1 }),
}, closed);
export type WalletSpec = Static<typeof WalletSpec>;

export const WalletCatalogueFile = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  source: Type.Optional(Type.String({ maxLength: 500 })),
  wallets: Type.Array(WalletSpec, { minItems: 1, maxItems: 500 }),
}, closed);
export type WalletCatalogueFile = Static<typeof WalletCatalogueFile>;

export const WALLET_CATALOGUE_FILE = join(PACKAGE_ROOT, 'scenarios', 'wallets', 'catalogue.yaml');

/** Parses and checks a catalogue's text; throws an Error naming the file and the first problem. */
export function parseWalletCatalogue(text: string, file: string): WalletCatalogueFile {
  const content: unknown = parse(text);
  const check = new Ajv({ allErrors: false, strict: false }).compile(WalletCatalogueFile);
  if (!check(content)) {
    const error = check.errors?.[0];
    throw new Error(`${file}: ${error?.instancePath || '/'} ${error?.message ?? 'is not a wallet catalogue'}`);
  }
  const seen = new Set<string>();
  for (const wallet of content.wallets) {
    if (wallet.paymentMethodType === 'CARD' || seen.has(wallet.paymentMethodType)) {
      throw new Error(`${file}: paymentMethodType ${wallet.paymentMethodType} is listed twice or is CARD`);
    }
    seen.add(wallet.paymentMethodType);
  }
  return content;
}

export const WALLET_CATALOGUE: WalletCatalogueFile = parseWalletCatalogue(readFileSync(WALLET_CATALOGUE_FILE, 'utf8'), 'scenarios/wallets/catalogue.yaml');

/** Every wallet's paymentMethodType, in catalogue order: the pay schema's enum beside CARD. */
export const WALLET_TYPES: readonly string[] = WALLET_CATALOGUE.wallets.map((w) => w.paymentMethodType);
