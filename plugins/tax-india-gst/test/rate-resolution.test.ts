import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveGstRate } from '../src/rate-resolution.js';

const rate = (taxClass: string, hsn: string | null, date: string) => resolveGstRate({ taxClass, hsn, date });

describe('GST rate resolution', () => {
  it('takes the HSN rate in force on the date of supply: medicines 12 % until 21 Sep 2025, 5 % from 22 Sep', () => {
    assert.deepEqual(rate('GST_HSN', '3004', '2025-09-21'), { rate: 1200, treatment: 'taxable' });
    assert.deepEqual(rate('GST_HSN', '3004', '2025-09-22'), { rate: 500, treatment: 'taxable' });
    assert.deepEqual(rate('GST_HSN', '9018', '2024-04-01'), { rate: 1200, treatment: 'taxable' });
    assert.deepEqual(rate('GST_HSN', '90189099', '2026-01-01'), { rate: 500, treatment: 'taxable' });
  });

  it('matches the longest listed HSN prefix: insulin stays at 5 % either side of GST 2.0', () => {
    assert.deepEqual(rate('GST_HSN', '30043110', '2024-04-01'), { rate: 500, treatment: 'taxable' });
    assert.deepEqual(rate('GST_HSN', '30043110', '2026-04-01'), { rate: 500, treatment: 'taxable' });
  });

  it("lets a class's own rate win over the HSN rate, for the dates it covers", () => {
    assert.deepEqual(rate('GST_LIFESAVING', '3004', '2025-09-21'), { rate: 1200, treatment: 'taxable' });
    assert.deepEqual(rate('GST_LIFESAVING', '3004', '2025-09-22'), { rate: 0, treatment: 'nil_rated' });
    assert.deepEqual(rate('GST_0', '3004', '2020-01-01'), { rate: 0, treatment: 'nil_rated' });
    assert.deepEqual(rate('GST_EXEMPT', null, '2026-01-01'), { rate: 0, treatment: 'exempt' });
    assert.deepEqual(rate('GST_18', '3004', '2026-01-01'), { rate: 1800, treatment: 'taxable' });
  });

  it('says what to fix when there is no rate: no HSN code, an unlisted HSN code, a date before GST', () => {
    assert.equal((rate('GST_HSN', null, '2026-01-01') as { field: string }).field, 'commodityCode');
    assert.match((rate('GST_HSN', '8517', '2026-01-01') as { message: string }).message, /no GST rate is known for HSN 8517/);
    assert.equal((rate('GST_HSN', '3004', '2017-06-30') as { field: string }).field, 'date');
    assert.equal((rate('GST_LIFESAVING', null, '2025-01-01') as { field: string }).field, 'commodityCode');
  });
});
