import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPluginContext, redactSecrets } from '@dawa/plugin-sdk';
import twilioSms from '../src/index.js';
import { fromConfig, serviceConfig, tenant } from './fixtures.js';

const issuesFor = (config: object) => {
  try {
    createPluginContext(twilioSms, { tenant, config });
    return [];
  } catch (error) {
    return (error as { issues: Array<{ field: string }> }).issues.map((issue) => issue.field);
  }
};

describe('Twilio configuration', () => {
  it('takes a sender number or a Messaging Service', () => {
    assert.deepEqual(issuesFor(fromConfig), []);
    assert.deepEqual(issuesFor(serviceConfig), []);
  });

  it('refuses both senders at once, and neither', () => {
    assert.deepEqual(issuesFor({ ...fromConfig, messagingServiceSid: serviceConfig.messagingServiceSid }), ['from']);
    assert.deepEqual(issuesFor({ accountSid: fromConfig.accountSid, authToken: fromConfig.authToken }), ['from']);
  });

  it('refuses SIDs and numbers of the wrong shape', () => {
    assert.deepEqual(issuesFor({ ...fromConfig, accountSid: 'SK00000000000000000000000000000254' }), ['accountSid']);
    assert.deepEqual(issuesFor({ ...fromConfig, from: '0712345678' }), ['from']);
    assert.deepEqual(issuesFor({ ...serviceConfig, messagingServiceSid: 'MG123' }), ['messagingServiceSid']);
  });

  it('keeps the auth token secret', () => {
    assert.deepEqual(twilioSms.secretFields, ['authToken']);
    assert.equal(redactSecrets(twilioSms.configSchema, fromConfig).authToken, '[redacted]');
  });
});
