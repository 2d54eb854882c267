/** How an issuer answers a test card: approved, or declined with Stripe's codes and customer-facing message. */
export type CardOutcome =
  { approved: true; brand: string; last4: string } | { approved: false; brand: string; last4: string; decline: Decline };

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
}

/** Stripe's test PaymentMethods (https://docs.stripe.com/testing), the subset a card-present pharmacy checkout meets. */
export const TEST_CARDS: Readonly<Record<string, CardOutcome>> = {
  pm_card_visa: { approved: true, brand: 'visa', last4: '4242' },
  pm_card_mastercard: { approved: true, brand: 'mastercard', last4: '4444' },
  pm_card_amex: { approved: true, brand: 'amex', last4: '8431' },
  pm_card_chargeDeclined: {
    approved: false,
    brand: 'visa',
    last4: '0002',
    decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    approved: false,
    brand: 'visa',
    last4: '9995',
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  pm_card_chargeDeclinedExpiredCard: {
    approved: false,
    brand: 'visa',
    last4: '0069',
    decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
  },
};
