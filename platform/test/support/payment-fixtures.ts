import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { OutboxDispatcher } from '../../src/outbox/outbox-dispatcher.js';
import type { TestTenant } from './fixtures.js';
import { GATEWAY_CREDENTIALS, PATH_TOKEN, startPaymentFake, type PaymentFakeGateway } from './payment-fake.js';
import { goldenIndianProducts, enableIndiaGst } from './sales-fixtures.js';
import { startTestApp, type TestApp } from './test-app.js';
import { startSiblingProcess, type ApiProcess } from './api-process.js';
import { createStore } from './fixtures.js';

export const SIGNED_PLUGIN = 'payments-fixture';
export const TOKEN_PLUGIN = 'payments-token-fixture';
/** The address the test API tells vendors to call back at (signatures over the URL use it). */
export const PUBLIC_URL = 'https://dawa.example';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plugins/${name}.js`, import.meta.url));

const pluginEnv = (gateway: PaymentFakeGateway) => ({
  DAWA_PLUGIN_PATHS: `${fixture('payment-fixture')},${fixture('payment-token-fixture')},${fixture('sms-status-fixture')}`,
  DAWA_PLUGIN_BASE_URLS: `${SIGNED_PLUGIN}=${gateway.baseUrl},${TOKEN_PLUGIN}=${gateway.baseUrl}`,
  DAWA_PUBLIC_URL: PUBLIC_URL,
});

/** The API with both test gateways installed and pointed at one fake vendor. */
export async function startPaymentsApp(): Promise<{ app: TestApp; gateway: PaymentFakeGateway }> {
  const gateway = await startPaymentFake();
  const app = await startTestApp(pluginEnv(gateway));
  return { app, gateway };
}

/** A second API process on the same database with the same plugins: webhooks and outbox events race across both. */
export function startSecondPaymentsProcess(app: TestApp, gateway: PaymentFakeGateway): Promise<ApiProcess> {
  return startSiblingProcess(app, pluginEnv(gateway));
}

/** Turns both test gateways on for a tenant, with the fake's credentials. */
export async function enableGateways(app: TestApp, tenant: TestTenant): Promise<void> {
  const owner = { tenant: tenant.slug, token: tenant.ownerToken };
  for (const [name, config] of [
    [SIGNED_PLUGIN, GATEWAY_CREDENTIALS],
    [TOKEN_PLUGIN, { keyId: GATEWAY_CREDENTIALS.keyId, keySecret: GATEWAY_CREDENTIALS.keySecret, pathToken: PATH_TOKEN }],
  ] as const) {
    const res = await app.api.put(`/api/v1/plugins/${name}`, { enabled: true, config }, owner);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
}

/** A store with GST and the golden products, ready to sell. */
export async function paymentCounter(app: TestApp, tenant: TestTenant, code = 'PAY1') {
  await enableIndiaGst(app, tenant);
  const storeId = await createStore(app, tenant, code);
  const products = await goldenIndianProducts(app, tenant, storeId);
  return { storeId, ...products };
}

/**
 * A sale of `quantity` units of a product (on a prescription, if given) left awaiting a UPI payment for all of it:
 * the total is learnt from the API's own "payments do not cover" answer, so the fixture never hard-codes tax arithmetic.
 */
export async function awaitingSale(
  app: TestApp,
  tenant: TestTenant,
  storeId: string,
  productId: string,
  quantity = 15,
  token = tenant.ownerToken,
  prescriptionId?: string,
) {
  const as = { tenant: tenant.slug, token };
  const sale = { storeId, prescriptionId, lines: [{ productId, quantity }] };
  const probe = await app.api.post('/api/v1/sales', { ...sale, payments: [{ method: 'upi', amount: 1, gateway: true }] }, as);
  assert.equal(probe.status, 422, JSON.stringify(probe.body));
  const total: number = probe.body.total;
  const res = await app.api.post('/api/v1/sales', { ...sale, payments: [{ method: 'upi', amount: total, gateway: true }] }, as);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Posts a webhook exactly as a vendor would: raw bytes, its own headers, no Dawa credentials. */
export async function postWebhook(app: { url: string }, path: string, body: Buffer | string, headers: Record<string, string>) {
  const response = await fetch(`${app.url}/api/v1/webhooks/${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
    headers: response.headers,
  };
}

/** Processes every outbox event due now (or also those waiting for a retry), deterministically. */
export function drainOutbox(app: TestApp, options: { ignoreBackoff?: boolean } = {}): Promise<number> {
  return app.platform.app.get(OutboxDispatcher).drain(undefined, options);
}
