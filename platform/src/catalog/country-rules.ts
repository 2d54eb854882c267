/**
 * What differs per country in the catalogue: the regulatory schedules a product can be in, which of them need a
 * prescription, and the tax classes the country's tax plugin understands.
 */
export interface CountryCatalogRules {
  schedules: readonly string[];
  /** Schedules that may only be sold against a valid prescription. */
  prescriptionSchedules: readonly string[];
  /** Schedules whose sales are written to a statutory register (India H1/X, Kenya controlled drugs). */
  registerSchedules: readonly string[];
  /** Controlled drugs whose prescriptions need a second, different pharmacist's approval (India X, Kenya CD). */
  secondSignatureSchedules: readonly string[];
  /** Used when an import does not say: the cautious choice is prescription-only until a pharmacist reviews it. */
  defaultSchedule: string;
  taxClasses: readonly string[];
  defaultTaxClass: string;
  /** Tax classes whose rate depends on the product's commodity code, which is then required. */
  taxClassesNeedingCommodityCode?: readonly string[];
  /** What an import that does not say assumes: HSN 3004, medicaments in measured doses, in India. */
  defaultCommodityCode?: string;
}

export const CATALOG_RULES: Record<string, CountryCatalogRules> = {
  IN: {
    schedules: ['OTC', 'H', 'H1', 'X'],
    prescriptionSchedules: ['H', 'H1', 'X'],
    registerSchedules: ['H1', 'X'],
    secondSignatureSchedules: ['X'],
    defaultSchedule: 'H',
    // The tax-india-gst plugin's classes: GST_HSN follows the HSN code's dated rate (most medicines 12 % → 5 % on
    // 22 September 2025), GST_LIFESAVING is nil from that day, the rest are fixed.
    taxClasses: ['GST_HSN', 'GST_LIFESAVING', 'GST_0', 'GST_EXEMPT', 'GST_5', 'GST_12', 'GST_18'],
    defaultTaxClass: 'GST_HSN',
    taxClassesNeedingCommodityCode: ['GST_HSN', 'GST_LIFESAVING'],
    defaultCommodityCode: '3004',
  },
  KE: {
    schedules: ['GSL', 'P', 'POM', 'CD'],
    prescriptionSchedules: ['POM', 'CD'],
    registerSchedules: ['CD'],
    secondSignatureSchedules: ['CD'],
    defaultSchedule: 'POM',
    // eTIMS tax types: A exempt (medicaments), B 16 %, C zero-rated, D non-VAT, E 8 %.
    taxClasses: ['VAT_A_EXEMPT', 'VAT_B_16', 'VAT_C_ZERO', 'VAT_D_NON_VAT', 'VAT_E_8'],
    defaultTaxClass: 'VAT_A_EXEMPT',
  },
  US: {
    schedules: ['OTC', 'RX', 'CII', 'CIII', 'CIV', 'CV'],
    prescriptionSchedules: ['RX', 'CII', 'CIII', 'CIV', 'CV'],
    registerSchedules: ['CII', 'CIII', 'CIV', 'CV'],
    secondSignatureSchedules: ['CII'],
    defaultSchedule: 'RX',
    taxClasses: ['EXEMPT', 'TAXABLE'],
    defaultTaxClass: 'EXEMPT',
  },
};

export function catalogRules(country: string): CountryCatalogRules {
  const rules = CATALOG_RULES[country];
  if (!rules) throw new Error(`No catalogue rules for country ${country}`);
  return rules;
}
