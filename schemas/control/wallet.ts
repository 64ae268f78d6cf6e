// The control plane's wallet route: act for the buyer in the wallet, so a test suite needs no page.
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../common.ts';

/** pay / decline as on the wallet page; abandon marks the buyer as gone; expire closes it now, as its expiry would. */
export const WalletActionBody = Type.Object({
  action: StringEnum(['pay', 'decline', 'abandon', 'expire']),
}, { additionalProperties: false });
