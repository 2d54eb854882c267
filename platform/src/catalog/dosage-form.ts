/** Dosage forms, the unit a quantity of each is counted in, and how to recognise them in a product name. */
export const DOSAGE_FORMS = {
  tablet: { baseUnit: 'tablet', words: ['tablet', 'tablets', 'tab', 'tabs', 'dt', 'er', 'sr', 'xr', 'md'] },
  capsule: { baseUnit: 'capsule', words: ['capsule', 'capsules', 'cap', 'caps', 'softgel', 'applicap'] },
  injection: { baseUnit: 'vial', words: ['injection', 'inj', 'infusion', 'vial', 'ampoule', 'prefilled', 'vaccine'] },
  syrup: { baseUnit: 'ml', words: ['syrup', 'elixir', 'linctus', 'expectorant'] },
  suspension: { baseUnit: 'ml', words: ['suspension', 'susp'] },
  solution: { baseUnit: 'ml', words: ['solution', 'liquid', 'mouthwash', 'wash', 'oral'] },
  drops: { baseUnit: 'ml', words: ['drop', 'drops'] },
  cream: { baseUnit: 'g', words: ['cream'] },
  ointment: { baseUnit: 'g', words: ['ointment'] },
  gel: { baseUnit: 'g', words: ['gel'] },
  lotion: { baseUnit: 'ml', words: ['lotion', 'shampoo'] },
  inhaler: { baseUnit: 'piece', words: ['inhaler', 'rotacap', 'rotacaps', 'respules', 'respule', 'nebuliser'] },
  spray: { baseUnit: 'piece', words: ['spray'] },
  powder: { baseUnit: 'sachet', words: ['powder', 'sachet', 'granules'] },
  suppository: { baseUnit: 'piece', words: ['suppository', 'pessary'] },
  lozenge: { baseUnit: 'lozenge', words: ['lozenge', 'lozenges', 'gum', 'pastille', 'pastilles'] },
  film: { baseUnit: 'film', words: ['film', 'strip', 'films', 'strips'] },
  soap: { baseUnit: 'piece', words: ['soap', 'soaps'] },
  device: { baseUnit: 'piece', words: ['device', 'devices', 'kit', 'combipack', 'bandage', 'pad'] },
} as const;

export type DosageForm = keyof typeof DOSAGE_FORMS;
export const DOSAGE_FORM_NAMES = Object.keys(DOSAGE_FORMS) as DosageForm[];

/**
 * Guesses the form from a brand name such as "AB-Cef 100 Tablet DT" or "Augmentin Duo Oral Suspension". The last
 * recognised word wins ("Tablet DT" is a tablet; "Oral Suspension" a suspension).
 */
export function inferDosageForm(name: string): DosageForm | undefined {
  const words = name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  let found: DosageForm | undefined;
  let strongest = -1;
  words.forEach((word, position) => {
    for (const form of DOSAGE_FORM_NAMES) {
      const index = (DOSAGE_FORMS[form].words as readonly string[]).indexOf(word);
      // Full form names ("tablet", "tablets") beat abbreviations and modifiers ("dt", "oral") wherever they stand.
      const strength = index < 0 ? -1 : index <= 1 ? 1000 + position : position;
      if (strength > strongest) {
        strongest = strength;
        found = form;
      }
    }
  });
  return found;
}
