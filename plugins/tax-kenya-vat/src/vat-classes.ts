import type { BasisPoints, SupplyTreatment } from '@dawa/plugin-sdk';

/** eTIMS tax type codes: every invoice reports its amounts under these five. */
export type EtimsTaxType = 'A' | 'B' | 'C' | 'D' | 'E';

export interface VatClass {
  code: string;
  label: string;
  taxType: EtimsTaxType;
  rate: BasisPoints;
  treatment: SupplyTreatment;
}

/**
 * The product tax classes, one per eTIMS tax type. Medicaments of HS 3003/3004 are exempt (A) under the VAT Act's
 * First Schedule; most other goods a pharmacy sells are standard-rated (B).
 */
export const VAT_CLASSES: readonly VatClass[] = [
  { code: 'VAT_A_EXEMPT', label: 'A: exempt (medicaments)', taxType: 'A', rate: 0, treatment: 'exempt' },
  { code: 'VAT_B_16', label: 'B: 16 % standard rate', taxType: 'B', rate: 1600, treatment: 'taxable' },
  { code: 'VAT_C_ZERO', label: 'C: zero-rated', taxType: 'C', rate: 0, treatment: 'zero_rated' },
  { code: 'VAT_D_NON_VAT', label: 'D: non-VAT', taxType: 'D', rate: 0, treatment: 'outside_scope' },
  { code: 'VAT_E_8', label: 'E: 8 %', taxType: 'E', rate: 800, treatment: 'taxable' },
];

export const ETIMS_TAX_TYPES: readonly EtimsTaxType[] = ['A', 'B', 'C', 'D', 'E'];

export function vatClassForTaxType(taxType: EtimsTaxType): VatClass {
  return VAT_CLASSES.find((c) => c.taxType === taxType)!;
}
