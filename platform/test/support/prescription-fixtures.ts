import assert from 'node:assert/strict';
import type { TestTenant } from './fixtures.js';
import { inDays } from './inventory-fixtures.js';
import type { TestApp } from './test-app.js';

export const PATIENT = { name: 'Asha Kumari', phone: '+919812345678', address: '12 Linking Road, Bandra West, Mumbai' };
export const PRESCRIBER = { name: 'Dr. Rohan Mehta', registrationNo: 'MMC-2011-04567', address: 'Lilavati Hospital, Bandra, Mumbai' };

/** Records a prescription through the API (as the tenant's owner unless a token is given); returns the response body. */
export async function createPrescription(
  app: TestApp,
  tenant: TestTenant,
  body: { storeId: string; items: Array<Record<string, unknown>>; repeats?: number; issuedAt?: string },
  token = tenant.ownerToken,
): Promise<any> {
  const res = await app.api.post(
    '/api/v1/prescriptions',
    { patient: PATIENT, prescriber: PRESCRIBER, issuedAt: inDays(-2), ...body },
    { tenant: tenant.slug, token },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Records a prescription and has a pharmacist approve it; returns the approved prescription. */
export async function approvedPrescription(
  app: TestApp,
  tenant: TestTenant,
  pharmacistToken: string,
  body: { storeId: string; items: Array<Record<string, unknown>>; repeats?: number; issuedAt?: string },
): Promise<any> {
  const created = await createPrescription(app, tenant, body);
  const res = await app.api.post(`/api/v1/prescriptions/${created.id}/approve`, {}, { tenant: tenant.slug, token: pharmacistToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}
