import { messagingContract } from '@dawa/plugin-sdk/testing';
import africasTalking from '../src/index.js';
import { config, RECIPIENT, startFake, tenant } from './fixtures.js';

messagingContract(africasTalking, {
  tenant,
  config,
  startFake: () => startFake(),
  recipient: RECIPIENT,
  callbackAuthentication: 'path-token',
});
