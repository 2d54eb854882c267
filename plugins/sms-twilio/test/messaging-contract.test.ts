import { messagingContract } from '@dawa/plugin-sdk/testing';
import twilioSms from '../src/index.js';
import { fromConfig, RECIPIENT, startFake, tenant } from './fixtures.js';

messagingContract(twilioSms, { tenant, config: fromConfig, startFake: () => startFake(), recipient: RECIPIENT });
