// What a card is to the rest of the sandbox, shared by card reading, the scenario engine and the vault.

/** What the decision sees of the card: never the full number's digits beyond BIN and last four, never the CVV. */
export interface CardFacts {
  brand: string;
  bin: string;
  lastFour: string;
  /**
   * sha256 of the full number, so a scenario recognises a test card or a rule's cardNo. It exists only in
   * memory while a card is read; a saved card keeps it only for a card the scenario files name (see
   * vault/save-card.ts), since anything stored that is derived from the other digits would let them be recovered.
   */
  fingerprint?: string;
  cvvLength?: number;
  expiryMonth: string;
  expiryYear: string;
}
