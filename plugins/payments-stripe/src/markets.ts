/**
 * Where Stripe takes a Dawa tenant on as a merchant, and in which currencies. Kenya has no Stripe accounts at all,
 * and Stripe India has been invite-only since 2024 under RBI rules of its own (Razorpay serves India), so neither is
 * listed: a tenant there would be refused before it could configure keys that Stripe will not honour.
 */
export const STRIPE_COUNTRIES = [
  ...['US', 'CA', 'MX', 'BR', 'GB', 'IE', 'CH', 'LI', 'NO'],
  ...['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU'],
  ...['IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
  ...['AE', 'AU', 'NZ', 'HK', 'JP', 'MY', 'SG', 'TH'],
] as const;

/**
 * Stripe's minimum charge per currency of those countries, in the minor units Dawa and Stripe share for them (HUF
 * is two-decimal at Stripe as in ISO 4217; JPY has none in either).
 */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  USD: 50,
  CAD: 50,
  MXN: 10_00,
  BRL: 50,
  GBP: 30,
  EUR: 50,
  CHF: 50,
  NOK: 3_00,
  SEK: 3_00,
  DKK: 2_50,
  CZK: 15_00,
  HUF: 175_00,
  PLN: 2_00,
  RON: 2_00,
  AED: 2_00,
  AUD: 50,
  NZD: 50,
  HKD: 4_00,
  JPY: 50,
  MYR: 2_00,
  SGD: 50,
  THB: 10_00,
};

export const STRIPE_CURRENCIES = Object.keys(MINIMUM_CHARGE);

/** Stripe's ceiling for one charge: eight digits of minor units. */
export const MAXIMUM_CHARGE = 99_999_999;
