// What a card is to the rest of the sandbox, shared by card reading, the scenario engine and the vault.

/** What the decision sees of the card: never the full number's digits beyond BIN and last four, never the CVV. */
export interface CardFacts {
  brand: string;
  bin: string;
  lastFour: string;
  /** sha256 of the full number, so a scenario can recognise the same card again. */
  fingerprint: string;
  cvvLength?: number;
  expiryMonth: string;
  expiryYear: string;
}
