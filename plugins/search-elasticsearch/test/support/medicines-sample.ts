import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SearchableProduct } from '@dawa/plugin-sdk';

/**
 * The Indian medicines sample (2,882 real brand names, manufacturers and compositions; provenance in
 * `tenants/examples/README.md`) as searchable products: real names to test typo tolerance on.
 */
const SAMPLE = fileURLToPath(new URL('../../../../../tenants/examples/medicines-india-sample.tsv', import.meta.url));

/** "Amoxycillin (500mg)" → name and strength; "(NA)" strengths are dropped. */
function ingredient(cell: string): { name: string; strength: string } | undefined {
  const match = /^([^(]*)(?:\(([^)]*)\))?/.exec(cell.trim());
  const name = match?.[1].trim();
  if (!name) return undefined;
  const strength = (match?.[2] ?? '').trim();
  return { name, strength: /^n\/?a$/i.test(strength) ? '' : strength };
}

export function medicinesSample(): SearchableProduct[] {
  const [header, ...lines] = readFileSync(SAMPLE, 'utf8').split(/\r?\n/).filter(Boolean);
  const columns = header.split('\t');
  return lines.map((line, index) => {
    const cells = line.split('\t');
    const value = (column: string) => (cells[columns.indexOf(column)] ?? '').trim();
    const ingredients = [value('composition1'), value('composition2')].flatMap((cell) => ingredient(cell) ?? []);
    return {
      id: `med-${index}`,
      name: value('name'),
      genericName: ingredients.map((i) => i.name).join(' + '),
      composition: ingredients.map((i) => `${i.name} ${i.strength}`.trim()).join(' + '),
      manufacturer: value('manufacturer'),
      barcodes: [`890${String(index).padStart(10, '0')}`],
      active: true,
    };
  });
}
