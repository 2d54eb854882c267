import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '@dawa/platform/testing';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';
import { demoApi, demoUser } from './support/demo-chains.js';

const afya = demoManifest('afya');
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'twilio-auth-token-never-shown-7731';
const NEW_AUTH_TOKEN = 'twilio-auth-token-replaced-9902';

describe('plugin settings forms and the operators’ plugin view in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  before(async () => {
    // Nothing may reach the real Twilio if the chain sends a message while its Twilio plugin is on.
    app = await startConsoleApp({ DAWA_PLUGIN_BASE_URLS: 'sms-twilio=http://127.0.0.1:9' });
    await provisionManifest(app.platform, afya, 'plugins console test');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    return context.newPage();
  }

  it('an owner configures Twilio through the generated form: required fields say so, the secret is never shown back', async () => {
    const page = await freshPage();
    const owner = demoUser(afya, 'owner');
    await signIn(page, `${app.url}/afya/#/plugins`, owner.email, owner.password);
    const card = page.getByRole('region', { name: 'Plugin sms-twilio' });
    await card.waitFor();
    await card.getByText('needs configuration').waitFor();
    assert.equal(await card.getByTestId('sms-twilio-authToken-secret-status').textContent(), 'not set');
    await card.getByText('Twilio Console → Account info: AC followed by 32 hex digits.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the plugins page');
    await screenshot(page, 'afya-plugins-twilio-empty');

    // The token is left out: the API's message appears under its field.
    await card.getByLabel('Account SID').fill(ACCOUNT_SID);
    await card.getByLabel('From number').fill('+254700100200');
    await card.getByRole('button', { name: 'Save sms-twilio' }).click();
    await card.locator('#sms-twilio-authToken-helper-text').filter({ hasText: 'is required' }).waitFor();
    await card.getByRole('alert').filter({ hasText: 'Some fields need attention' }).waitFor();
    await screenshot(page, 'afya-plugins-twilio-required');

    await card.getByLabel('Auth token').fill(AUTH_TOKEN);
    await card.getByLabel('sms-twilio enabled').check();
    await card.getByRole('button', { name: 'Save sms-twilio' }).click();
    await card.getByText('Saved.').waitFor();
    await card.getByText('configured', { exact: true }).waitFor();
    assert.equal(await card.getByTestId('sms-twilio-authToken-secret-status').textContent(), 'set');
    assert.equal(await card.getByLabel('Auth token').count(), 0, 'a set secret has no input until it is replaced');
    assert.equal(await card.getByLabel('Account SID').inputValue(), ACCOUNT_SID);
    await screenshot(page, 'afya-plugins-twilio-saved');

    await page.reload();
    await card.getByRole('button', { name: 'Replace Auth token' }).waitFor();
    assert.ok(!(await page.content()).includes(AUTH_TOKEN), 'the token never comes back to the browser');
    const api = await demoApi(app, afya, 'owner');
    const stored = (await api.get('/api/v1/plugins')).body.find((p: { name: string }) => p.name === 'sms-twilio');
    assert.deepEqual(
      [stored.enabled, stored.configured, stored.config.accountSid, stored.config.authToken],
      [true, true, ACCOUNT_SID, '[redacted]'],
    );

    await card.getByRole('button', { name: 'Replace Auth token' }).click();
    await card.getByLabel('New Auth token').fill(NEW_AUTH_TOKEN);
    await card.getByLabel('sms-twilio enabled').uncheck();
    await card.getByRole('button', { name: 'Save sms-twilio' }).click();
    await card.getByText('Saved.').waitFor();
    const audit = ((await api.get('/api/v1/audit-logs?range=[0,199]')).body as { action: string; entityId: string }[]).filter(
      (e) => e.action === 'plugin.configured' && e.entityId === 'sms-twilio',
    );
    assert.equal(audit.length, 2, 'both saves were audited; the refused one was not saved');
    const auditText = JSON.stringify(audit);
    assert.ok(!auditText.includes(AUTH_TOKEN) && !auditText.includes(NEW_AUTH_TOKEN), 'the audit log holds no secret');
    assert.equal((await api.get('/api/v1/plugins')).body.find((p: { name: string }) => p.name === 'sms-twilio').enabled, false);
  });

  it('an operator sees each of a chain’s plugins: on or off, configured or not, and never a secret', async () => {
    const page = await freshPage();
    await signIn(page, `${app.url}/_operator/`, 'operator@test.dawa', 'operator-password-1');
    await page.getByText('afya', { exact: true }).click();
    const health = page.getByTestId('tenant-health');
    await health.waitFor({ timeout: 30_000 });
    const plugins = health.getByRole('list', { name: 'Plugins' });
    await plugins.getByText('payments-mpesa (payment): enabled · configured').waitFor();
    await plugins.getByText('sms-twilio (messaging): off · configured').waitFor();
    await plugins.getByText('storage-s3 (storage): off · not configured').waitFor();
    const text = (await page.content()).toLowerCase();
    const mpesa = afya.plugins['payments-mpesa']!.config as Record<string, string>;
    for (const secret of [NEW_AUTH_TOKEN, mpesa.passkey, mpesa.consumerSecret, mpesa.callbackToken])
      assert.ok(!text.includes(secret.toLowerCase()), 'the operators’ console shows no secret');
    await screenshot(page, 'operator-afya-plugins');
  });
});
