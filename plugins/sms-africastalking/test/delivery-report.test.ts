import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExtension, type IncomingWebhook } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import africasTalking from '../src/index.js';
import { config, reportUrl, tenant } from './fixtures.js';

const fixedClock = { now: () => new Date('2026-11-21T09:00:00Z') };
const messaging = createExtension(africasTalking, 'messaging', { tenant, config, clock: fixedClock });
const MESSAGE_ID = 'ATXid_4d2c1b0a99887766';

/** A delivery report as Africa's Talking POSTs it: form fields, no signature. */
const report = (fields: Record<string, string>, url = reportUrl()): IncomingWebhook => ({
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  rawBody: Buffer.from(new URLSearchParams(fields).toString()),
});

describe("Africa's Talking delivery reports", () => {
  it('turns every documented status into a Dawa status, with one event id per status', async () => {
    const statuses = ['Sent', 'Submitted', 'Buffered', 'Success', 'Rejected', 'Failed', 'AbsentSubscriber', 'Expired'];
    const events = (
      await Promise.all(
        statuses.map((status) =>
          messaging.parseStatusCallback(report({ id: MESSAGE_ID, status, phoneNumber: '+254711082282', networkCode: '63902' })),
        ),
      )
    ).flat();
    assert.deepEqual(
      events.map((e) => e.status),
      ['sent', 'sent', 'sent', 'delivered', 'failed', 'failed', 'undelivered', 'undelivered'],
    );
    assert.deepEqual(
      events.map((e) => e.eventId),
      statuses.map((status) => `${MESSAGE_ID}:${status}`),
    );
  });

  it('keeps the failure reason as the error code', async () => {
    const fields = {
      id: MESSAGE_ID,
      status: 'Failed',
      phoneNumber: '+254711082282',
      networkCode: '63902',
      failureReason: 'UserIsInactive',
      retryCount: '2',
    };
    assert.deepEqual(await messaging.parseStatusCallback(report(fields)), [
      {
        eventId: `${MESSAGE_ID}:Failed`,
        providerRef: MESSAGE_ID,
        status: 'failed',
        errorCode: 'UserIsInactive',
        occurredAt: fixedClock.now(),
      },
    ]);
  });

  it('believes no report that came to a URL without the tenant’s token, even with the token in the query', async () => {
    const fields = { id: MESSAGE_ID, status: 'Success', phoneNumber: '+254711082282' };
    const withoutToken = reportUrl().replace(/\/[^/]+$/, '');
    await rejectsWithCode(
      messaging.parseStatusCallback(report(fields, `${withoutToken}?token=${config.callbackToken}`)),
      'webhook_unverified',
    );
    await rejectsWithCode(
      messaging.parseStatusCallback(report(fields, `${withoutToken}/${config.callbackToken.toLowerCase()}`)),
      'webhook_unverified',
    );
  });

  it('refuses a report at the right URL that is not shaped like one', async () => {
    await rejectsWithCode(
      messaging.parseStatusCallback(report({ id: MESSAGE_ID, status: 'Delivered', phoneNumber: '+254711082282' })),
      'invalid_input',
      'status',
    );
    await rejectsWithCode(
      messaging.parseStatusCallback(report({ status: 'Success', phoneNumber: '+254711082282' })),
      'invalid_input',
      'id',
    );
  });
});
