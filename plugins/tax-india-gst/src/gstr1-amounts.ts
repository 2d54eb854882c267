import { sumMinorUnits, toMajorUnits, type MinorUnits, type TaxComponent } from '@dawa/plugin-sdk';
import type { Gstr1Amounts } from './gstr1-types.js';

/** Signed paise while adding up; rupees only when written out. */
export interface Amounts {
  txval: MinorUnits;
  iamt: MinorUnits;
  camt: MinorUnits;
  samt: MinorUnits;
}

export const NO_AMOUNTS: Amounts = { txval: 0, iamt: 0, camt: 0, samt: 0 };

/** The taxable value and tax heads of a line or rate group; `sign` -1 for a credit note. */
export function amountsOf(taxed: { taxable: MinorUnits; components: readonly TaxComponent[] }, sign: number): Amounts {
  const tax = (...codes: string[]) => sign * sumMinorUnits(taxed.components.filter((c) => codes.includes(c.code)).map((c) => c.amount));
  return { txval: sign * taxed.taxable, iamt: tax('IGST'), camt: tax('CGST'), samt: tax('SGST', 'UTGST') };
}

export const plus = (a: Amounts, b: Amounts): Amounts => ({
  txval: a.txval + b.txval,
  iamt: a.iamt + b.iamt,
  camt: a.camt + b.camt,
  samt: a.samt + b.samt,
});

export const isZero = (a: Amounts) => !a.txval && !a.iamt && !a.camt && !a.samt;

/** No compensation cess is levied on what a pharmacy sells. */
export const inRupees = (amounts: Amounts): Gstr1Amounts => ({
  txval: toMajorUnits(amounts.txval),
  iamt: toMajorUnits(amounts.iamt),
  camt: toMajorUnits(amounts.camt),
  samt: toMajorUnits(amounts.samt),
  csamt: 0,
});
