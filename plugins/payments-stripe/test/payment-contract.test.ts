import { paymentContract } from '@dawa/plugin-sdk/testing';
import { startStripeFake } from '../src/fake/index.js';
import stripe from '../src/index.js';
import { config, credentials, usTenant } from './fixtures.js';

paymentContract(stripe, { tenant: usTenant, config, startFake: () => startStripeFake(credentials) });
