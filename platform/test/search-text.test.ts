import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBarcodeQuery, normaliseQuery, prefixPattern } from '../src/search/search-text.js';
import { searchQuery } from '../src/search/search.schemas.js';

describe('search input', () => {
  it('takes 8 to 14 digits for a scanned barcode and anything else for words', () => {
    for (const code of ['96385074', '012345678905', '8901030865275', '18901030865272']) assert.ok(isBarcodeQuery(code), code);
    for (const text of ['1234567', '123456789012345', '8901030 865275', 'dolo 650', '650']) assert.ok(!isBarcodeQuery(text), text);
  });

  it('collapses spacing and takes LIKE wildcards literally', () => {
    assert.equal(normaliseQuery('  Dolo   650\tTablet '), 'Dolo 650 Tablet');
    assert.equal(prefixPattern('Amox'), 'amox%');
    assert.equal(prefixPattern('50%_x\\'), '50\\%\\_x\\\\%');
  });

  it('defaults the limit to 20 and refuses what it cannot use', () => {
    assert.deepEqual(searchQuery.parse({ q: ' amox ' }), { q: 'amox', limit: 20 });
    assert.equal(searchQuery.parse({ q: 'amox', limit: '50' }).limit, 50);
    for (const limit of ['0', '51', '-1', '1.5', 'abc', '', ' 5']) assert.ok(!searchQuery.safeParse({ q: 'amox', limit }).success, limit);
    assert.ok(!searchQuery.safeParse({ q: 'x'.repeat(101) }).success);
  });
});
