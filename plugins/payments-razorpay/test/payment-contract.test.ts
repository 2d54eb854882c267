import { paymentContract } from '@dawa/plugin-sdk/testing';
import razorpay from '../src/index.js';
import { config, startFake, tenant } from './fixtures.js';

paymentContract(razorpay, { tenant, config, startFake });
