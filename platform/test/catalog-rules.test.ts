import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compositionKey, genericName, parseComposition, parseIngredient } from '../src/catalog/composition.js';
import { inferDosageForm } from '../src/catalog/dosage-form.js';
import { isValidGtin, withCheckDigit } from '../src/catalog/gtin.js';
import { productImportKey } from '../src/catalog/product-key.js';

describe('composition parsing', () => {
  it('reads the Indian drug-list notation and plain label text', () => {
    assert.deepEqual(parseIngredient('Amoxycillin (500mg)'), { name: 'Amoxycillin', strength: '500mg' });
    assert.deepEqual(parseIngredient('Ceftriaxone (1gm)'), { name: 'Ceftriaxone', strength: '1g' });
    assert.deepEqual(parseIngredient('Clavulanic Acid (125 MG)'), { name: 'Clavulanic Acid', strength: '125mg' });
    assert.deepEqual(parseIngredient('Vitamin D3 (NA)'), { name: 'Vitamin D3', strength: '' });
    assert.deepEqual(parseIngredient('Paracetamol 650 mg'), { name: 'Paracetamol', strength: '650mg' });
    assert.deepEqual(
      parseComposition('Amoxycillin (500mg)', 'Clavulanic Acid (125mg)').map((i) => i.name),
      ['Amoxycillin', 'Clavulanic Acid'],
    );
    assert.deepEqual(parseComposition('Paracetamol 325mg + Tramadol 37.5mg'), [
      { name: 'Paracetamol', strength: '325mg' },
      { name: 'Tramadol', strength: '37.5mg' },
    ]);
    assert.deepEqual(parseComposition('', undefined), []);
  });

  it('makes substitutes compare equal whatever the order, spelling or mass unit', () => {
    const a = compositionKey(parseComposition('Amoxycillin (500mg)', 'Clavulanic Acid (125mg)'), 'tablet');
    const b = compositionKey(parseComposition('Clavulanic Acid 125 mg + Amoxicillin 0.5g'), 'tablet');
    assert.equal(a, b);
    assert.notEqual(a, compositionKey(parseComposition('Amoxycillin (250mg)', 'Clavulanic Acid (125mg)'), 'tablet'), 'other strength');
    assert.notEqual(a, compositionKey(parseComposition('Amoxycillin (500mg)', 'Clavulanic Acid (125mg)'), 'suspension'), 'other form');
    assert.equal(
      genericName(parseComposition('Amoxycillin (500mg)', 'Clavulanic Acid (125mg)')),
      'Amoxycillin 500mg + Clavulanic Acid 125mg',
    );
  });
});

describe('dosage form from the brand name', () => {
  it('recognises the forms of the sample data', () => {
    assert.equal(inferDosageForm('AB-Cef 100 Tablet DT'), 'tablet');
    assert.equal(inferDosageForm('A Cef 2gm Injection'), 'injection');
    assert.equal(inferDosageForm('AMOXINAT 500MG CAPSULE'), 'capsule');
    assert.equal(inferDosageForm('Augmentin Duo Oral Suspension'), 'suspension');
    assert.equal(inferDosageForm('Zerodol-P Tablet'), 'tablet');
    assert.equal(inferDosageForm('C'), undefined);
  });
});

describe('GTIN barcodes', () => {
  it('accepts real check digits and refuses misreads', () => {
    assert.ok(isValidGtin('8901030865275'));
    assert.ok(isValidGtin('4006381333931'));
    assert.ok(isValidGtin('036000291452'));
    assert.ok(isValidGtin('96385074'));
    assert.ok(!isValidGtin('8901030865278'), 'wrong check digit');
    assert.ok(!isValidGtin('890103086527'), 'a 12-digit code whose last digit is not its check digit');
    assert.ok(!isValidGtin('89010308652A8'));
    assert.equal(withCheckDigit('890103086527'), '8901030865275');
  });

  it('keys imports by barcode, else by name, pack and manufacturer', () => {
    assert.equal(
      productImportKey({ barcodes: ['8901030865275'], name: 'X', packSize: 10, baseUnit: 'tablet', manufacturer: 'M' }),
      'gtin:8901030865275',
    );
    assert.equal(
      productImportKey({ barcodes: [], name: ' Dolo  650 Tablet', packSize: 15, baseUnit: 'tablet', manufacturer: 'Micro Labs' }),
      productImportKey({ barcodes: [], name: 'dolo 650 tablet', packSize: 15, baseUnit: 'Tablet', manufacturer: 'MICRO LABS ' }),
    );
  });
});
