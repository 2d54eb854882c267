import assert from 'node:assert/strict';
import { addDays, todayIn } from '../../src/inventory/expiry.js';
import type { TestTenant } from './fixtures.js';
import type { TestApp } from './test-app.js';

/** A date `days` from today in the tenant's time zone (the demo tenants and tests use Asia/Kolkata for IN). */
export function inDays(days: number, timeZone = 'Asia/Kolkata'): string {
  return addDays(todayIn(timeZone), days);
}

export interface ReceiptLine {
  productId: string;
  batchNo: string;
  expiry: string;
  quantity: number;
  cost?: number;
  mrp?: number;
}

/** Receives goods through the API as the tenant's owner; returns batch ids in line order. */
export async function receive(
  app: TestApp,
  tenant: TestTenant,
  storeId: string,
  lines: ReceiptLine[],
  token = tenant.ownerToken,
): Promise<string[]> {
  const res = await app.api.post(
    '/api/v1/stock/receipts',
    { storeId, reference: 'GRN-TEST', lines: lines.map((l) => ({ cost: 1000, mrp: 1500, ...l })) },
    { tenant: tenant.slug, token },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.lines.map((l: { batchId: string }) => l.batchId);
}

/** The invariant of the stock ledger: every batch balance equals the sum of its movements. */
export async function assertLedgerMatchesBalances(app: TestApp, schema: string): Promise<void> {
  const mismatches = await app.sql(
    `select b.id, b.quantity, coalesce(sum(m.quantity), 0)::int as ledger
     from "${schema}".stock_batch b left join "${schema}".stock_movement m on m.batch_id = b.id
     group by b.id having b.quantity <> coalesce(sum(m.quantity), 0)`,
  );
  assert.deepEqual(mismatches, [], 'every batch balance equals the sum of its ledger rows');
  const [negative] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".stock_batch where quantity < 0`);
  assert.equal(negative.n, '0');
}
