import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { basisPointsToPercent, formatMinorUnits, mulDivHalfUp, roundToMultiple, sumMinorUnits, toMajorUnits } from '../src/index.js';

describe('money arithmetic', () => {
  it('rounds half away from zero, exactly', () => {
    assert.equal(mulDivHalfUp(1050, 100, 105), 1000);
    assert.equal(mulDivHalfUp(14, 100, 112), 13); // 12.5 → 13
    assert.equal(mulDivHalfUp(-14, 100, 112), -13);
    assert.equal(mulDivHalfUp(2485, 100, 105), 2367); // 2366.67
    assert.equal(mulDivHalfUp(1, 1, 3), 0);
    assert.equal(mulDivHalfUp(2, 1, 3), 1);
  });

  it('stays exact where floating point would not', () => {
    // 2^53 − 1 × 3 / 3 overflows a double's integers in between.
    assert.equal(mulDivHalfUp(Number.MAX_SAFE_INTEGER, 3, 3), Number.MAX_SAFE_INTEGER);
    assert.throws(() => mulDivHalfUp(Number.MAX_SAFE_INTEGER, 3, 1), /beyond exact integer range/);
    assert.throws(() => mulDivHalfUp(10.5, 1, 1), RangeError);
    assert.throws(() => mulDivHalfUp(10, 1, 0), RangeError);
  });

  it('agrees with rational arithmetic on every input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e10, max: 1e10 }),
        fc.integer({ min: 0, max: 1e5 }),
        fc.integer({ min: 1, max: 1e5 }),
        (amount, num, den) => {
          const result = BigInt(mulDivHalfUp(amount, num, den));
          const twiceError = 2n * (result * BigInt(den) - BigInt(amount) * BigInt(num));
          const bound = BigInt(den);
          // Within half a unit, and an exact half goes away from zero.
          assert.ok(twiceError <= bound && twiceError >= -bound);
          if (twiceError === bound || twiceError === -bound) assert.ok(twiceError > 0 === amount > 0);
        },
      ),
    );
  });

  it('rounds to whole rupees, 50 paise up', () => {
    assert.equal(roundToMultiple(135785, 100), 135800);
    assert.equal(roundToMultiple(1050, 100), 1100);
    assert.equal(roundToMultiple(1049, 100), 1000);
    assert.equal(roundToMultiple(77, 1), 77);
  });

  it('writes minor units as exact decimals, and JSON numbers print the same digits', () => {
    assert.equal(formatMinorUnits(2485), '24.85');
    assert.equal(formatMinorUnits(5), '0.05');
    assert.equal(formatMinorUnits(-5), '-0.05');
    assert.equal(formatMinorUnits(0), '0.00');
    assert.equal(formatMinorUnits(123456, 0), '123456');
    assert.equal(basisPointsToPercent(250), 2.5);
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (amount) => {
        const printed = JSON.stringify(toMajorUnits(amount));
        assert.equal(printed, formatMinorUnits(amount).replace(/\.?0+$/, '') || '0');
      }),
    );
  });

  it('adds amounts exactly', () => {
    assert.equal(sumMinorUnits([1, 2, 3]), 6);
    assert.equal(sumMinorUnits([]), 0);
  });
});
