import {
  basisPointsToPercent,
  documentSign,
  documentsForPeriod,
  PluginInputError,
  sumMinorUnits,
  toMajorUnits,
  type TaxDocument,
  type TaxReport,
  type TaxReportRequest,
} from '@dawa/plugin-sdk';
import type { VatConfig } from './config.js';
import { ETIMS_TAX_TYPES, vatClassForTaxType, type EtimsTaxType } from './vat-classes.js';

interface VatAmounts {
  /** Excluding VAT. */
  taxableValue: number;
  vat: number;
}

/** A month's sales the way the VAT3 return asks for them, in shillings, credit notes deducted. */
export interface VatSummary {
  pin: string;
  period: string;
  currency: 'KES';
  byTaxType: Array<VatAmounts & { taxType: EtimsTaxType; description: string; rate: number; total: number }>;
  /** Section B of VAT3: each document issued to a buyer with a PIN. */
  salesToRegistered: Array<VatAmounts & { buyerPin: string; buyerName: string; kind: TaxDocument['kind']; number: string; date: string }>;
  /** Section C of VAT3: everything else, added up. */
  salesToUnregistered: VatAmounts;
  documents: { invoices: number; creditNotes: number; cancelled: number };
  totals: VatAmounts & { total: number };
}

/** Signed cents of one kind of amount over documents' lines, optionally of one tax type only. */
function signedSum(
  documents: readonly TaxDocument[],
  pick: (line: TaxDocument['quote']['lines'][number]) => number,
  taxType?: EtimsTaxType,
): number {
  return sumMinorUnits(
    documents.flatMap((document) =>
      document.quote.lines.filter((line) => !taxType || line.category === taxType).map((line) => documentSign(document) * pick(line)),
    ),
  );
}

const amounts = (documents: readonly TaxDocument[], taxType?: EtimsTaxType): VatAmounts => ({
  taxableValue: toMajorUnits(signedSum(documents, (l) => l.taxable, taxType)),
  vat: toMajorUnits(signedSum(documents, (l) => l.tax, taxType)),
});

export function vatSummaryReport(request: TaxReportRequest, config: VatConfig): TaxReport<VatSummary> {
  const { issued, cancelled } = documentsForPeriod(request);
  if (!config.kraPin) throw new PluginInputError([{ field: 'config.kraPin', message: 'a KRA PIN is needed for the VAT summary' }]);
  const registered = issued.filter((d) => d.quote.buyer?.taxId);
  const data: VatSummary = {
    pin: config.kraPin,
    period: request.period,
    currency: 'KES',
    byTaxType: ETIMS_TAX_TYPES.map((taxType) => ({
      taxType,
      description: vatClassForTaxType(taxType).label,
      rate: basisPointsToPercent(vatClassForTaxType(taxType).rate),
      ...amounts(issued, taxType),
      total: toMajorUnits(signedSum(issued, (l) => l.total, taxType)),
    })),
    salesToRegistered: registered.map((document) => ({
      buyerPin: document.quote.buyer!.taxId!,
      buyerName: document.quote.buyer!.name ?? '',
      kind: document.kind,
      number: document.number,
      date: document.date,
      ...amounts([document]),
    })),
    salesToUnregistered: amounts(issued.filter((d) => !d.quote.buyer?.taxId)),
    documents: {
      invoices: issued.filter((d) => d.kind === 'invoice').length,
      creditNotes: issued.filter((d) => d.kind === 'credit_note').length,
      cancelled: cancelled.length,
    },
    totals: { ...amounts(issued), total: toMajorUnits(signedSum(issued, (l) => l.total)) },
  };
  return {
    name: 'VAT summary',
    fileName: `VAT_${config.kraPin}_${request.period}.json`,
    mediaType: 'application/json',
    content: JSON.stringify(data, null, 2),
    data,
  };
}
