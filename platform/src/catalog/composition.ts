/**
 * Active ingredients and their strengths, as printed on packs and in Indian drug lists: `Amoxycillin (500mg)`,
 * `Paracetamol 650 mg + Caffeine 50mg`, `Ceftriaxone (1gm)`. Products with the same ingredients at the same strengths
 * in the same dosage form are substitutes; `compositionKey` makes that comparison a string equality.
 */
export interface Ingredient {
  name: string;
  /** As written, tidied: "500mg", "1g", "0.05% w/w"; empty when the source does not say ("(NA)"). */
  strength: string;
}

const STRENGTH = /(\d+(?:\.\d+)?)\s*(mcg|µg|ug|mg|gm|g|kg|ml|l|iu|i\.u\.|units?|%\s*w\/[wv]|%|meq|mmol|lac|lakh)\b\.?/i;

// Same molecule, different spelling (British/Indian vs INN/US); keys use the right-hand name.
const SYNONYMS: Record<string, string> = {
  amoxycillin: 'amoxicillin',
  acetaminophen: 'paracetamol',
  cephalexin: 'cefalexin',
  cefuroxime: 'cefuroxime',
  salbutamol: 'salbutamol',
  albuterol: 'salbutamol',
  frusemide: 'furosemide',
  lignocaine: 'lidocaine',
  adrenaline: 'epinephrine',
  glibenclamide: 'glibenclamide',
  glyburide: 'glibenclamide',
};

function tidyName(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/^[\s,+]+|[\s,+]+$/g, '')
    .trim();
}

/** "500 MG" → "500mg", "1gm" → "1g", "(NA)" → "". */
export function tidyStrength(raw: string): string {
  const text = raw.replace(/[()]/g, '').trim();
  if (!text || /^n\/?a$/i.test(text)) return '';
  return text
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/(\d)gm\b/, '$1g')
    .replace(/(µg|ug)\b/, 'mcg');
}

/** Parses one ingredient: "Amoxycillin (500mg)", "Amoxycillin 500 mg", "Vitamin D3" (no strength). */
export function parseIngredient(raw: string): Ingredient | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const bracket = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(text);
  if (bracket && tidyName(bracket[1])) return { name: tidyName(bracket[1]), strength: tidyStrength(bracket[2]) };
  const match = STRENGTH.exec(text);
  if (match && match.index > 0) return { name: tidyName(text.slice(0, match.index)), strength: tidyStrength(match[0]) };
  return { name: tidyName(text), strength: '' };
}

/** Parses a whole composition: parts separated by "+" or ";" (commas can be part of a name, so they do not split). */
export function parseComposition(...parts: Array<string | undefined>): Ingredient[] {
  return parts
    .filter((p): p is string => Boolean(p && p.trim()))
    .flatMap((p) => p.split(/\s*[+;]\s*/))
    .map(parseIngredient)
    .filter((i): i is Ingredient => Boolean(i));
}

/** Strength in a comparable unit: masses in mg ("1g" and "1000mg" are the same dose). */
function comparableStrength(strength: string): string {
  const match = /^(\d+(?:\.\d+)?)(mcg|mg|g|kg)$/.exec(strength);
  if (!match) return strength;
  const factor = { mcg: 0.001, mg: 1, g: 1000, kg: 1_000_000 }[match[2] as 'mcg' | 'mg' | 'g' | 'kg'];
  return `${Number((Number(match[1]) * factor).toPrecision(12))}mg`;
}

export function canonicalIngredientName(name: string): string {
  const key = name.toLowerCase().replace(/\s+/g, ' ').trim();
  return SYNONYMS[key] ?? key;
}

/** Equal for substitutes: same ingredients at the same strengths, same dosage form, whatever the order or spelling. */
export function compositionKey(ingredients: Ingredient[], dosageForm: string): string {
  if (!ingredients.length) return '';
  const parts = ingredients.map((i) => `${canonicalIngredientName(i.name)}:${comparableStrength(i.strength)}`).sort();
  return `${parts.join('+')}|${dosageForm.toLowerCase()}`;
}

/** "Amoxycillin 500mg + Clavulanic Acid 125mg": what the shelf label and search call the generic. */
export function genericName(ingredients: Ingredient[]): string {
  return ingredients.map((i) => (i.strength ? `${i.name} ${i.strength}` : i.name)).join(' + ');
}
