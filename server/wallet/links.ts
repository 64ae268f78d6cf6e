// The links a wallet pay answers with, from the catalogue's row for the wallet and terminal. Every link
// leads to the sandbox's own wallet page (/wallet/<token>): normalUrl is the page, applinkUrl is an App
// Link / Universal Link the sandbox serves (opened in a browser it lands on the page, as a real one falls
// back to its H5 page), schemeUrl is a custom scheme that only an app could open (documented as such),
// and orderCodeForm carries the QR code's text and an image of it served by the sandbox. Pure.
import type { PayResponse } from '../../schemas/pay.ts';
import type { WalletLink, WalletSpec, WalletTerminal } from '../../schemas/wallet-catalogue.ts';
import { formatTime } from '../clock/clock.ts';

export type WalletLinks = Pick<PayResponse, 'normalUrl' | 'applinkUrl' | 'schemeUrl' | 'orderCodeForm'>;

export interface LinkTarget {
  baseUrl: string;
  /** The payment's page token (pg_...). */
  token: string;
  /** When the payment closes unpaid: orderCodeForm.expireTime. */
  expiresAt: number;
}

export const walletPagePath = (token: string) => `/wallet/${token}`;

/** Each link as the sandbox builds it; the same functions give the table in docs/wallets.md. */
export const LINK_BUILDERS: { [K in WalletLink]: (wallet: WalletSpec, target: LinkTarget) => NonNullable<WalletLinks[K]> } = {
  normalUrl: (_w, t) => `${t.baseUrl}${walletPagePath(t.token)}`,
  applinkUrl: (_w, t) => `${t.baseUrl}${walletPagePath(t.token)}/applink`,
  schemeUrl: (w, t) => `${w.scheme}://pay?token=${t.token}`,
  orderCodeForm: (w, t) => ({
    paymentMethodType: w.paymentMethodType,
    expireTime: formatTime(t.expiresAt),
    codeDetails: [
      // The QR code's text opens the wallet page, so a phone on the same network can scan it.
      { codeValueType: 'QRCODE', codeValue: `${t.baseUrl}${walletPagePath(t.token)}`, displayType: 'TEXT' },
      { codeValueType: 'QRCODE', codeValue: `${t.baseUrl}${walletPagePath(t.token)}/qr.svg`, displayType: 'BIGIMAGE' },
    ],
  }),
};

/** The links of the catalogue's row for this wallet and terminal, in the catalogue's order. */
export function walletLinks(wallet: WalletSpec, terminal: WalletTerminal, target: LinkTarget): WalletLinks {
  const links: WalletLinks = {};
  for (const name of wallet.terminals[terminal] ?? []) {
    (links as Record<string, unknown>)[name] = LINK_BUILDERS[name](wallet, target);
  }
  return links;
}
