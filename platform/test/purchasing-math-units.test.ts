import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineAmount, taxOn } from '../src/purchasing/purchase-orders/order-math.js';
import { suggestedQuantity } from '../src/purchasing/reorder/reorder-math.js';
import { threeWayMatch } from '../src/purchasing/supplier-invoices/three-way-match.js';

describe('purchase money', () => {
  it('values base units at a pack cost, rounding half up, exactly beyond 2^53', () => {
    assert.equal(lineAmount(300, 2000, 15), 40000);
    assert.equal(lineAmount(7, 3550, 10), 2485);
    assert.equal(lineAmount(1, 5, 2), 3, '2.5 rounds up');
    assert.equal(lineAmount(10_000_000, 1_000_000_000, 3), 3333333333333333);
    assert.equal(taxOn(40000, 5), 2000);
    assert.equal(taxOn(999, 2.5), 25);
    assert.equal(taxOn(12345, 0), 0);
  });
});

describe('three-way match', () => {
  const order = [
    { productId: 'a', productName: 'A', ordered: 100, received: 100, packSize: 10, packCost: 1000, taxRate: 5 },
    { productId: 'b', productName: 'B', ordered: 50, received: 40, packSize: 1, packCost: 200, taxRate: 12 },
    { productId: 'c', productName: 'C', ordered: 20, received: 0, packSize: 1, packCost: 100, taxRate: 0 },
  ];

  it('matches an invoice billing what arrived at the ordered prices and tax', () => {
    const match = threeWayMatch(
      order,
      [
        { productId: 'a', quantity: 100, packCost: 1000, tax: 500 },
        { productId: 'b', quantity: 40, packCost: 200, tax: 960 },
      ],
      1,
    );
    assert.equal(match.status, 'matched');
    assert.deepEqual([match.subtotal, match.tax, match.total], [18000, 1460, 19460]);
  });

  it('allows price and tax differences within the tolerance and a minor unit of tax rounding', () => {
    const match = threeWayMatch(
      order,
      [
        { productId: 'a', quantity: 100, packCost: 1010, tax: 506 },
        { productId: 'b', quantity: 40, packCost: 200, tax: 961 },
      ],
      1,
    );
    assert.deepEqual(match.mismatches, []);
  });

  it('flags quantities that differ from receipts, prices and tax beyond tolerance, and received goods not billed', () => {
    const match = threeWayMatch(
      order,
      [
        { productId: 'a', quantity: 110, packCost: 1000, tax: 550 },
        { productId: 'c', quantity: 0, packCost: 150, tax: 10 },
      ],
      1,
    );
    assert.equal(match.status, 'mismatch');
    assert.deepEqual(
      match.mismatches.map((m) => `${m.productId}:${m.kind}`),
      ['a:quantity', 'b:not_invoiced', 'c:price', 'c:tax'],
    );
  });
});

describe('reorder quantity', () => {
  const base = { packSize: 10, minQuantity: 100, maxQuantity: 200, onHand: 10, onOrder: 0, sold: 0, leadTimeDays: 7 };

  it('orders up to the maximum in whole packs once stock and orders fall to the reorder point', () => {
    assert.deepEqual(suggestedQuantity(base), { reorderPoint: 100, target: 200, quantity: 190 });
    assert.equal(suggestedQuantity({ ...base, onHand: 13 }).quantity, 190, '187 rounds up to 19 packs');
    assert.equal(suggestedQuantity({ ...base, onHand: 60, onOrder: 41 }).quantity, 0, 'on order counts');
  });

  it('raises the reorder point and target with sales velocity over the lead time', () => {
    // 300 sold in 30 days = 10 a day: 70 during a 7-day lead time, 370 to cover lead time + 30 days.
    assert.deepEqual(suggestedQuantity({ ...base, minQuantity: 0, maxQuantity: 0, onHand: 70, sold: 300 }), {
      reorderPoint: 70,
      target: 370,
      quantity: 300,
    });
    assert.equal(suggestedQuantity({ ...base, minQuantity: 0, maxQuantity: 0, onHand: 71, sold: 300 }).quantity, 0);
    assert.equal(suggestedQuantity({ ...base, minQuantity: 0, maxQuantity: 0, onHand: 0, sold: 0 }).quantity, 0);
  });
});
