/** GSTN's Unique Quantity Codes for the base units the catalogue counts in; GSTR-1's HSN summary needs them. */
const UQC_BY_UNIT: Readonly<Record<string, string>> = {
  tablet: 'TBS',
  capsule: 'NOS',
  vial: 'NOS',
  ampoule: 'NOS',
  sachet: 'NOS',
  strip: 'NOS',
  piece: 'PCS',
  ml: 'MLT',
  l: 'LTR',
  g: 'GMS',
  kg: 'KGS',
  bottle: 'BTL',
  tube: 'TUB',
  box: 'BOX',
  pack: 'PAC',
};

/** The UQC for a base unit name; OTH (others) for a unit GSTN has no code for. */
export function uqcForUnit(unit: string): string {
  const name = unit.trim().toLowerCase();
  return UQC_BY_UNIT[name] ?? UQC_BY_UNIT[name.replace(/s$/, '')] ?? 'OTH';
}
