import assert from 'node:assert/strict';
import { createStore, provisionTenant, schemaOf, type TestTenant } from './fixtures.js';
import { inDays } from './inventory-fixtures.js';
import type { TestApp } from './test-app.js';

/** A Schedule H antibiotic: prescription-only, no register. */
export const AMOXIL_500 = {
  name: 'Amoxil 500 Capsule',
  ingredients: [{ name: 'Amoxycillin', strength: '500mg' }],
  schedule: 'H',
  dosageForm: 'capsule',
  baseUnit: 'capsule',
  mrp: 8500,
};

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

/**
 * Records a prescription and has a pharmacist approve it; a controlled drug (India X, Kenya CD) also needs the second
 * pharmacist's approval. Returns the approved prescription.
 */
export async function approvedPrescription(
  app: TestApp,
  tenant: TestTenant,
  pharmacistToken: string,
  body: { storeId: string; items: Array<Record<string, unknown>>; repeats?: number; issuedAt?: string },
  secondPharmacistToken?: string,
): Promise<any> {
  const created = await createPrescription(app, tenant, body);
  let res = await app.api.post(`/api/v1/prescriptions/${created.id}/approve`, {}, { tenant: tenant.slug, token: pharmacistToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  if (res.body.status === 'awaiting_second_approval') {
    assert.ok(secondPharmacistToken, 'a controlled drug needs a second pharmacist: pass their token');
    res = await app.api.post(`/api/v1/prescriptions/${created.id}/approve`, {}, { tenant: tenant.slug, token: secondPharmacistToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  assert.equal(res.body.status, 'approved');
  return res.body;
}

/** An Indian chain ready to sell: stores MUM-1 and PUN-1 and GST configured. */
export async function indianPharmacy(app: TestApp, slug: string) {
  const tenant = await provisionTenant(app, slug);
  const schema = await schemaOf(app, tenant.slug);
  const mumbai = await createStore(app, tenant, 'MUM-1');
  const pune = await createStore(app, tenant, 'PUN-1');
  const configured = await app.api.put(
    '/api/v1/plugins/tax-india-gst',
    { enabled: true, config: { gstins: ['27AAICS1234F1ZK'] } },
    { tenant: tenant.slug, token: tenant.ownerToken },
  );
  assert.equal(configured.status, 200, JSON.stringify(configured.body));
  return { tenant, schema, mumbai, pune };
}

/** A file part of an upload: the bytes and the content type the client declares for them. */
export interface ScanPart {
  bytes: Uint8Array;
  type: string;
  filename?: string;
}

/**
 * Sends a multipart/form-data request the way a browser or phone app does (`metadata` as JSON, `file` as the scan);
 * `metadata` undefined leaves that part out. Returns status, parsed body and headers like ApiClient.
 */
export async function postForm(
  app: TestApp,
  path: string,
  metadata: unknown,
  scan: ScanPart | undefined,
  options: { tenant: string; token: string },
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  if (metadata !== undefined) form.append('metadata', JSON.stringify(metadata));
  if (scan) form.append('file', new Blob([Buffer.from(scan.bytes)], { type: scan.type }), scan.filename ?? 'scan');
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'x-tenant': options.tenant, authorization: `Bearer ${options.token}` },
    body: form,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
    headers: response.headers,
  };
}

/** Uploads a prescription scan for a patient (the fixture's PATIENT unless given) and expects it recorded. */
export async function uploadPrescription(
  app: TestApp,
  tenant: TestTenant,
  metadata: Record<string, unknown> & { storeId: string },
  scan: ScanPart | undefined,
  token = tenant.ownerToken,
): Promise<any> {
  const res = await postForm(app, '/api/v1/prescriptions/uploads', { patient: PATIENT, ...metadata }, scan, { tenant: tenant.slug, token });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
