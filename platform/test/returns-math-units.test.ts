import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchesForReturn, paymentShares, proRataShare, refundTotal, splitRefund } from '../src/returns/return-math.js';

const pick = (batchId: string, quantity: number) => ({ batchId, batchNo: batchId, expiry: '2027-01-01', quantity, cost: 0, mrp: 0 });

describe('return arithmetic', () => {
  it('credits pro rata and never overshoots a line, however it is returned', () => {
    // A 2-paisa line of 4 tablets returned one by one: rounding each return alone would give 1, 1, 1 and then −1.
    assert.deepEqual(
      [0, 1, 2, 3].map((before) => proRataShare(2, 4, before, 1)),
      [1, 0, 1, 0],
    );
    for (const [amount, sold] of [
      [4081, 20],
      [1, 3],
      [99_999, 7],
    ]) {
      let credited = 0;
      for (let before = 0; before < sold; before++) {
        const share = proRataShare(amount, sold, before, 1);
        assert.ok(share >= 0);
        credited += share;
      }
      assert.equal(credited, amount);
    }
  });

  it('refunds follow the rounded running total and the completing return takes what is left', () => {
    // Ten ₹1.50 tablets, ₹15.00 paid: rounding each ₹1.50 refund alone would pay ₹2 ten times.
    let refunded = 0;
    for (let n = 0; n < 10; n++) {
      refunded += refundTotal(1500, n === 9, { credited: n * 150, refunded }, 150, 100);
      assert.ok(refunded <= 1500);
    }
    assert.equal(refunded, 1500);
  });

  it('gives units back to the batches that sold them, last picked first, skipping earlier returns', () => {
    const allocations = [pick('A', 10), pick('B', 10)];
    assert.deepEqual(
      batchesForReturn(allocations, 6, 3, 2).map((b) => [b.batchId, b.quantity, b.restocked]),
      [
        ['B', 3, true],
        ['B', 1, false],
        ['A', 1, false],
      ],
    );
  });

  it('refunds non-cash payments first and pays cash only what cash kept', () => {
    const shares = paymentShares(
      [
        { id: 'p1', method: 'cash', amount: 2000 },
        { id: 'p2', method: 'card', amount: 3000 },
      ],
      900,
      new Map([['p2', 2500]]),
    );
    assert.deepEqual(
      shares.map((s) => s.refundable),
      [1100, 500],
    );
    assert.deepEqual(splitRefund(1600, shares), [
      { id: 'p2', method: 'card', amount: 500 },
      { id: 'p1', method: 'cash', amount: 1100 },
    ]);
    assert.throws(() => splitRefund(1601, shares), /exceeds/);
  });
});
