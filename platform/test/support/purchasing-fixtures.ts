import assert from 'node:assert/strict';
import type { TestTenant } from './fixtures.js';
import type { TestApp } from './test-app.js';

type Caller = { tenant: string; token: string };

/** Creates a supplier as the owner; returns its id. */
export async function createSupplier(app: TestApp, tenant: TestTenant, body: Record<string, unknown>): Promise<string> {
  const res = await app.api.post('/api/v1/suppliers', body, { tenant: tenant.slug, token: tenant.ownerToken });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** Drafts, submits and (when the threshold asks for it) approves and sends an order; returns the sent order. */
export async function sentOrder(
  app: TestApp,
  drafter: Caller,
  approver: Caller,
  body: { storeId: string; supplierId: string; lines: Array<{ productId: string; quantity: number; packCost: number; taxRate?: number }> },
) {
  const draft = await app.api.post('/api/v1/purchase-orders', body, drafter);
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const submitted = await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/submit`, undefined, drafter);
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
  if (submitted.body.status === 'pending_approval') {
    const approved = await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/approve`, {}, approver);
    assert.equal(approved.status, 201, JSON.stringify(approved.body));
  }
  const sent = await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/send`, undefined, drafter);
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.status, 'sent');
  return sent.body;
}
