// Looking up a wallet of the catalogue (scenarios/wallets/catalogue.yaml, read by schemas/wallet-catalogue.ts).
import { WALLET_CATALOGUE, type WalletSpec, type WalletTerminal } from '../../schemas/wallet-catalogue.ts';

const BY_TYPE = new Map<string, WalletSpec>(WALLET_CATALOGUE.wallets.map((w) => [w.paymentMethodType, w]));

export function walletOf(paymentMethodType: string): WalletSpec | undefined {
  return BY_TYPE.get(paymentMethodType);
}

export function isWalletType(paymentMethodType: string): boolean {
  return BY_TYPE.has(paymentMethodType);
}

/** The terminal types this wallet answers for, in catalogue order. */
export function terminalsOf(wallet: WalletSpec): WalletTerminal[] {
  return (['WEB', 'WAP', 'APP'] as const).filter((t) => wallet.terminals[t] !== undefined);
}
