import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { loadMedicinesSample, type LoadedProduct } from './support/medicines-sample.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Edit distance, so each typo below is checked to be as many typos as it claims. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Common medicines of the sample, each misspelt with one and with two typos (edits) per word. */
const TYPOS: Array<{ word: string; one: string; two: string }> = [
  { word: 'paracetamol', one: 'paracetmol', two: 'parcetmol' },
  { word: 'amoxycillin', one: 'amoxycilin', two: 'amoxyclin' },
  { word: 'augmentin', one: 'augmntin', two: 'agmntin' },
  { word: 'cefixime', one: 'cefixim', two: 'cefxim' },
  { word: 'pantoprazole', one: 'pantoprazol', two: 'pntoprazol' },
  { word: 'azithromycin', one: 'azithromicin', two: 'azitromicin' },
  { word: 'metformin', one: 'metformn', two: 'metfomn' },
  { word: 'domperidone', one: 'domperidne', two: 'dompridne' },
  { word: 'aceclofenac', one: 'aceclofenak', two: 'aseclofenak' },
  { word: 'etoricoxib', one: 'etoricoxb', two: 'etorcoxb' },
  { word: 'ceftriaxone', one: 'ceftriaxon', two: 'cefriaxon' },
  { word: 'cetirizine', one: 'cetrizine', two: 'cetrizin' },
  { word: 'montelukast', one: 'montelucast', two: 'montelucas' },
  { word: 'rabeprazole', one: 'rabeprazol', two: 'rabiprazol' },
  { word: 'ofloxacin', one: 'ofloxacine', two: 'oflaxacine' },
  { word: 'glimepiride', one: 'glimepride', two: 'glimipride' },
  { word: 'atorvastatin', one: 'atorvastatn', two: 'atorvstatn' },
  { word: 'diclofenac', one: 'diclofenak', two: 'dicofenak' },
  { word: 'telmisartan', one: 'telmisartn', two: 'telmsartn' },
  { word: 'levocetirizine', one: 'levocetrizine', two: 'levocetrizin' },
];

describe('product search', () => {
  let app: TestApp;
  let chain: TestTenant;
  let other: TestTenant;
  let sample: LoadedProduct[];
  let store1: string;
  let store2: string;
  const as = (t: TestTenant, token = t.ownerToken) => ({ tenant: t.slug, token });
  const search = (t: TestTenant, params: Record<string, string | number>, token?: string) =>
    app.api.get(
      `/api/v1/products/search?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string]))}`,
      as(t, token),
    );
  const names = (body: any[]) => body.map((p) => p.name);

  before(async () => {
    app = await startTestApp();
    chain = await provisionTenant(app, 'search-chain');
    other = await provisionTenant(app, 'search-other');
    sample = await loadMedicinesSample(app, chain.slug);
    store1 = await createStore(app, chain, 'SR-1');
    store2 = await createStore(app, chain, 'SR-2');
  });
  after(() => app?.close());

  it('finds every product of the sample by its exact name within the top 3', async () => {
    assert.equal(sample.length, 2882);
    const missed: string[] = [];
    let next = 0;
    // A few requests in flight: 2,882 one after another would mostly measure round trips.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < sample.length; i = next++) {
          const product = sample[i];
          const res = await search(chain, { q: product.name, limit: 3 });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          const hit = res.body.find((p: any) => p.id === product.id);
          if (!hit || hit.match !== 'exact') missed.push(`${product.name} → ${JSON.stringify(names(res.body))}`);
        }
      }),
    );
    assert.deepEqual(missed, []);
  });

  it('corrects one and two typos per word in common medicine names (a match in the top 5)', async () => {
    const misses: string[] = [];
    for (const { word, one, two } of TYPOS) {
      assert.equal(levenshtein(word, one), 1, one);
      assert.equal(levenshtein(word, two), 2, two);
      for (const typo of [one, two]) {
        const res = await search(chain, { q: typo, limit: 5 });
        assert.equal(res.status, 200);
        const found = res.body.some((p: any) => `${p.name} ${p.genericName}`.toLowerCase().includes(word));
        if (!found) misses.push(`${typo} (${word}) → ${JSON.stringify(names(res.body))}`);
      }
    }
    assert.deepEqual(misses, []);
  });

  it('corrects typos in every word of a longer query, and the examples everyone tries', async () => {
    for (const [q, expected] of [
      ['augmntin', /augmentin/i],
      ['paracetmol', /paracetamol/i],
      ['amoxycilin', /amoxycillin/i],
      ['amoxycilin clavulanic acd', /amoxycillin.*clavulanic/i],
      ['pantoprazle domperidne', /domperidone.*pantoprazole/i],
      ['clarithromicin cipl', /clarithromycin.*cipla/i],
    ] as const) {
      const res = await search(chain, { q });
      const top = res.body[0];
      assert.match(`${top?.name} ${top?.genericName} ${top?.manufacturer}`, expected, `${q} → ${JSON.stringify(names(res.body))}`);
      assert.equal(top.match, 'fuzzy', q);
    }
  });

  it('finds products by generic ingredient and by composition', async () => {
    const res = await search(chain, { q: 'amoxycillin', limit: 50 });
    assert.equal(res.body.length, 50);
    for (const p of res.body) {
      assert.ok(
        p.ingredients.some((i: any) => i.name.toLowerCase() === 'amoxycillin'),
        `${p.name} (${p.match}) contains amoxycillin`,
      );
    }
    const combined = (await search(chain, { q: 'Amoxycillin 500mg Clavulanic Acid', limit: 50 })).body.filter(
      (p: any) => p.match === 'text',
    );
    assert.ok(combined.length >= 15, `${combined.length} products of amoxycillin 500mg with clavulanic acid`);
    for (const p of combined) assert.match(p.genericName, /^(?=.*Amoxycillin)(?=.*Clavulanic Acid)(?=.*500mg)/, p.name);
  });

  it('finds products by manufacturer, alone or with an ingredient', async () => {
    const res = await search(chain, { q: 'Cipla', limit: 50 });
    const cipla = sample.filter((p) => p.manufacturer === 'Cipla Ltd');
    const textHits = res.body.filter((p: any) => p.match === 'text');
    assert.deepEqual(new Set(textHits.map((p: any) => p.id)), new Set(cipla.map((p) => p.id)));
    assert.deepEqual(
      res.body.slice(0, cipla.length).map((p: any) => p.match),
      cipla.map(() => 'text'),
      "the manufacturer's products first, any corrections after",
    );
    const narrowed = (await search(chain, { q: 'cipla clarithromycin' })).body.filter((p: any) => p.match === 'text');
    assert.equal(narrowed.length, 7);
    for (const p of narrowed) assert.ok(p.manufacturer === 'Cipla Ltd' && /clarithromycin/i.test(p.genericName), p.name);
  });

  it('looks barcodes up exactly: the scanned product alone, and nothing for a code one digit off', async () => {
    const product = sample[1234];
    const res = await search(chain, { q: product.barcode });
    assert.deepEqual(
      res.body.map((p: any) => [p.id, p.match]),
      [[product.id, 'barcode']],
    );
    assert.deepEqual(res.body[0].barcodes, [product.barcode]);
    const last = Number(product.barcode.at(-1));
    for (const misread of [`${product.barcode.slice(0, -1)}${(last + 1) % 10}`, `9${product.barcode.slice(1)}`]) {
      assert.deepEqual((await search(chain, { q: misread })).body, [], misread);
    }
  });

  it('ranks barcode, exact name, name prefix, full text, then corrected matches', async () => {
    const amoxycillin = [{ name: 'Amoxycillin', strength: '500mg' }];
    const amox = await createProduct(app, other, { name: 'Amox', barcodes: ['4006381333931'] });
    await createProduct(app, other, { name: 'Amoxyclav 625 Tablet', ingredients: amoxycillin });
    await createProduct(app, other, { name: 'Amoxil 500 Capsule', ingredients: amoxycillin });
    await createProduct(app, other, { name: 'Mox 500 Capsule', ingredients: amoxycillin });
    await createProduct(app, other, { name: 'Amoxin Tablet', ingredients: [{ name: 'Zinc', strength: '20mg' }] });
    await createProduct(app, other, { name: 'Zincovit Tablet', ingredients: [{ name: 'Zinc', strength: '20mg' }] });
    const matches = async (q: string, limit = 20) => (await search(other, { q, limit })).body.map((p: any) => [p.name, p.match]);

    assert.deepEqual(await matches('amox'), [
      ['Amox', 'exact'],
      ['Amoxil 500 Capsule', 'prefix'],
      ['Amoxin Tablet', 'prefix'],
      ['Amoxyclav 625 Tablet', 'prefix'],
      ['Mox 500 Capsule', 'text'],
    ]);
    assert.deepEqual(await matches('amox', 2), [
      ['Amox', 'exact'],
      ['Amoxil 500 Capsule', 'prefix'],
    ]);
    // "amoxy" is no word of the catalogue, so after what it finds as typed come its corrections: "amox" (one edit)
    // before "amoxin" (two). A correctly spelt word ("amox" above) is never "corrected".
    assert.deepEqual(await matches('amoxy'), [
      ['Amoxyclav 625 Tablet', 'prefix'],
      ['Amoxil 500 Capsule', 'text'],
      ['Mox 500 Capsule', 'text'],
      ['Amox', 'fuzzy'],
      ['Amoxin Tablet', 'fuzzy'],
    ]);
    assert.deepEqual(await matches('4006381333931'), [['Amox', 'barcode']]);
    assert.equal((await search(other, { q: '4006381333931' })).body[0].id, amox);
  });

  it('follows product changes at once: created, renamed and deleted products', async () => {
    const id = await createProduct(app, other, { name: 'Zerodol SP Tablet', ingredients: [{ name: 'Aceclofenac', strength: '100mg' }] });
    assert.deepEqual(names((await search(other, { q: 'zerodol' })).body), ['Zerodol SP Tablet']);
    const renamed = await app.api.put(`/api/v1/products/${id}`, { name: 'Hifenac SP Tablet' }, as(other));
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual((await search(other, { q: 'zerodol' })).body, []);
    assert.deepEqual(names((await search(other, { q: 'hifenac' })).body), ['Hifenac SP Tablet']);
    assert.equal((await app.api.delete(`/api/v1/products/${id}`, as(other))).status, 200);
    assert.deepEqual((await search(other, { q: 'hifenac' })).body, [], 'a deleted product, and its words, are gone');
  });

  it('gives each result the sellable stock of the store asked for: unexpired batches only', async () => {
    const schema = await schemaOf(app, chain.slug);
    const a = sample.find((p) => p.name === 'AUGMENTIN 375 DUO TABLET')!;
    const b = sample.find((p) => p.name === 'Synclar 500 Tablet')!;
    const batch = (storeId: string, productId: string, no: string, quantity: number, expiry: string) =>
      app.sql(
        `insert into "${schema}".stock_batch (id, store_id, product_id, batch_no, expiry, cost, mrp, quantity)
         values ($1, $2, $3, $4, current_date + $5::interval, 100, 200, $6)`,
        [randomUUID(), storeId, productId, no, expiry, quantity],
      );
    await batch(store1, a.id, 'A-1', 10, '1 year');
    await batch(store1, a.id, 'A-2', 3, '0 days'); // expires today: still sellable today
    await batch(store1, a.id, 'A-3', 5, '-1 day'); // expired yesterday
    await batch(store1, a.id, 'A-4', 0, '2 years'); // sold out
    await batch(store2, a.id, 'A-5', 7, '1 year');
    await batch(store2, b.id, 'B-1', 4, '-30 days');
    const inStock = async (storeId: string) => {
      const res = await search(chain, { q: a.name, storeId });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.find((p: any) => p.id === a.id).inStock;
    };
    assert.equal(await inStock(store1), 13);
    assert.equal(await inStock(store2), 7);
    const expiredOnly = await search(chain, { q: b.name, storeId: store2 });
    assert.equal(expiredOnly.body.find((p: any) => p.id === b.id).inStock, 0);
    const withoutStore = await search(chain, { q: a.name });
    assert.equal('inStock' in withoutStore.body[0], false);
  });

  it('lets staff read stock only in their own stores, and the catalogue everywhere', async () => {
    const cashier = await createUser(app, chain, 'cashier@search.test', ['cashier'], [store1]);
    assert.equal((await search(chain, { q: 'paracetamol', storeId: store1 }, cashier.token)).status, 200);
    assertProblem(await search(chain, { q: 'paracetamol', storeId: store2 }, cashier.token), 403);
    const plain = await search(chain, { q: 'paracetamol' }, cashier.token);
    assert.equal(plain.status, 200);
    assert.equal(plain.body.length, 20);
    assertProblem(await app.api.get('/api/v1/products/search?q=paracetamol', { tenant: chain.slug }), 401);
  });

  it("never finds another chain's products, not even by exact barcode or name", async () => {
    const product = sample.find((p) => p.name === 'AUGMENTIN 375 DUO TABLET')!;
    for (const q of [product.barcode, product.name, 'paracetamol', 'paracetmol']) {
      const res = await search(other, { q });
      assert.equal(res.status, 200);
      const leaked = res.body.filter((p: any) => sample.some((s) => s.id === p.id));
      assert.deepEqual(leaked, [], q);
    }
  });

  it('refuses bad input with 400 problem+json, never 500', async () => {
    const cases: Array<[string, string]> = [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'a'.repeat(101)}`, 'q'],
      ['q=a&q=b', 'q'],
      ['q=amox&limit=0', 'limit'],
      ['q=amox&limit=500', 'limit'],
      ['q=amox&limit=51', 'limit'],
      ['q=amox&limit=abc', 'limit'],
      ['q=amox&limit=1.5', 'limit'],
      ['q=amox&limit=-1', 'limit'],
      ['q=amox&storeId=not-a-uuid', 'storeId'],
    ];
    for (const [query, field] of cases) {
      const res = await app.api.get(`/api/v1/products/search?${query}`, as(chain));
      assertProblem(res, 400, 'validation-error');
      assert.ok(
        res.body.errors.some((e: any) => e.field === field),
        `${query}: ${JSON.stringify(res.body.errors)}`,
      );
    }
    assert.equal((await search(chain, { q: 'a'.repeat(100) })).status, 200);
  });

  it('treats whatever is typed as text: query syntax, quotes, wildcards and odd scripts', async () => {
    for (const q of [
      "o'neil",
      'a\\b',
      "'':*",
      'amox:* & !para | (x',
      '100%',
      '_',
      '%',
      '--',
      'पैरासिटामोल',
      '💊 dolo',
      'c:\\temp\\x',
      '\\\\',
      '"quoted"',
      '1/2',
      '0.5%',
      'x@y.com',
      'http://example.com/a?b=c',
      '9'.repeat(20),
      '12345678',
    ]) {
      const res = await search(chain, { q });
      assert.equal(res.status, 200, `${q}: ${JSON.stringify(res.body)}`);
      assert.ok(Array.isArray(res.body));
    }
    const percent = await search(chain, { q: '%' });
    assert.deepEqual(percent.body, [], '"%" is a character to look for, not a wildcard');
  });
});
