import { testTenant } from '@dawa/plugin-sdk/testing';

export const SECRET_KEY =
  'sk_test_51DawaFakeAccountKey0000000000000000000000000000000000000000000000000000000000000000000000000000000000000001';
export const PUBLISHABLE_KEY =
  'pk_test_51DawaFakeAccountKey0000000000000000000000000000000000000000000000000000000000000000000000000000000000000001';
export const WEBHOOK_SECRET = 'whsec_dawaFakeEndpointSigningSecret0001';

export const config = { secretKey: SECRET_KEY, publishableKey: PUBLISHABLE_KEY, webhookSecret: WEBHOOK_SECRET };

/** A chain in the US, where Stripe takes merchants on. */
export const usTenant = testTenant('US', { slug: 'test-us' });

export const credentials = { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET };
