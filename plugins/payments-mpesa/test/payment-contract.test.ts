import { paymentContract } from '@dawa/plugin-sdk/testing';
import { startMpesaFake } from '../src/fake/index.js';
import mpesa from '../src/index.js';
import { config, fakeOptions, tenant } from './fixtures.js';

paymentContract(mpesa, {
  tenant,
  config,
  startFake: () => startMpesaFake(fakeOptions),
  payment: { customer: { phone: '0708374149' } },
  // M-Pesa's only credential is the token at the end of the callback path.
  withoutCredential: (webhook) => ({ ...webhook, url: webhook.url.replace(/\/[^/?]+(\?|$)/, '$1') }),
});
