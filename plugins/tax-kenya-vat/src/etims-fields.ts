import { basisPointsToPercent, mulDivHalfUp, sumMinorUnits, toMajorUnits, type TaxedLine, type TaxQuote } from '@dawa/plugin-sdk';
import { ETIMS_TAX_TYPES, vatClassForTaxType, type EtimsTaxType } from './vat-classes.js';

/** Per tax type totals of an eTIMS sale (saveTrnsSalesOsdc), in shillings. */
export type EtimsTaxTotals = { [K in `taxblAmt${EtimsTaxType}` | `taxRt${EtimsTaxType}` | `taxAmt${EtimsTaxType}`]: number } & {
  totTaxblAmt: number;
  totTaxAmt: number;
  totAmt: number;
};

export interface EtimsItem {
  itemSeq: number;
  itemCd: string;
  itemClsCd: string;
  itemNm: string;
  qty: number;
  /** Unit price before discount, to the cent. */
  prc: number;
  /** qty × price before discount: the line amount plus its discount. */
  splyAmt: number;
  dcRt: number;
  dcAmt: number;
  taxTyCd: EtimsTaxType;
  /** The tax-inclusive amount, as in the eTIMS specification's worked example. */
  taxblAmt: number;
  taxAmt: number;
  totAmt: number;
}

export type EtimsSaleFields = EtimsTaxTotals & { totItemCnt: number; itemList: EtimsItem[] };

const shillings = toMajorUnits;

function etimsItem(line: TaxedLine, index: number): EtimsItem {
  const supplied = line.total + line.discount;
  return {
    itemSeq: index + 1,
    itemCd: line.itemCode ?? line.id,
    itemClsCd: line.commodityCode ?? '',
    itemNm: line.description,
    qty: line.quantity,
    prc: shillings(mulDivHalfUp(supplied, 1, line.quantity)),
    splyAmt: shillings(supplied),
    // Hundredths of a percent, written with two decimals.
    dcRt: supplied === 0 ? 0 : toMajorUnits(mulDivHalfUp(line.discount, 10_000, supplied)),
    dcAmt: shillings(line.discount),
    taxTyCd: line.category as EtimsTaxType,
    taxblAmt: shillings(line.total),
    taxAmt: shillings(line.tax),
    totAmt: shillings(line.total),
  };
}

/**
 * The amounts of an eTIMS sale from a quote, converted from cents exactly. eTIMS's "taxable amount" per tax type is
 * the tax-inclusive amount of the items of that type (the specification's example: taxblAmtB 10500, taxAmtB 1602 at
 * 18 %); the net taxable value stays in the quote and the VAT summary.
 */
export function etimsSaleFields(quote: TaxQuote): EtimsSaleFields {
  const ofType = (taxType: EtimsTaxType) => quote.lines.filter((line) => line.category === taxType);
  const totals = Object.fromEntries(
    ETIMS_TAX_TYPES.flatMap((taxType) => [
      [`taxblAmt${taxType}`, shillings(sumMinorUnits(ofType(taxType).map((l) => l.total)))],
      [`taxRt${taxType}`, basisPointsToPercent(vatClassForTaxType(taxType).rate)],
      [`taxAmt${taxType}`, shillings(sumMinorUnits(ofType(taxType).map((l) => l.tax)))],
    ]),
  ) as Omit<EtimsTaxTotals, 'totTaxblAmt' | 'totTaxAmt' | 'totAmt'>;
  return {
    totItemCnt: quote.lines.length,
    ...totals,
    totTaxblAmt: shillings(quote.totals.gross),
    totTaxAmt: shillings(quote.totals.tax),
    totAmt: shillings(quote.totals.payable),
    itemList: quote.lines.map(etimsItem),
  };
}
