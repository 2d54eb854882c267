import {
  documentsForPeriod,
  PluginInputError,
  type FieldIssue,
  type TaxDocument,
  type TaxReport,
  type TaxReportRequest,
} from '@dawa/plugin-sdk';
import { gstinForStateCode, type GstConfig } from './config.js';
import {
  b2bSection,
  b2clSection,
  b2csSection,
  cdnrSection,
  cdnurSection,
  documentsIssuedSection,
  hsnSection,
  nilSection,
} from './gstr1-sections.js';
import type { Gstr1 } from './gstr1-types.js';
import { gstStateForRegion } from './states.js';

function filingIssues(documents: readonly TaxDocument[], gstin: string): FieldIssue[] {
  return documents.flatMap((document, index) => [
    ...(document.quote.seller.taxId === gstin
      ? []
      : [{ field: `documents.${index}.quote.seller.taxId`, message: `${document.number} was not issued under ${gstin}` }]),
    ...document.quote.lines.flatMap((line, lineIndex) =>
      line.commodityCode
        ? []
        : [{ field: `documents.${index}.quote.lines.${lineIndex}.commodityCode`, message: 'GSTR-1 needs an HSN code' }],
    ),
  ]);
}

/** Keeps a section only when it has rows: the GST portal reads an absent section as "nothing to report". */
function nonEmpty<K extends keyof Gstr1>(key: K, rows: unknown[], value: Gstr1[K]): Partial<Gstr1> {
  return rows.length ? { [key]: value } : {};
}

/** GSTR-1 for the GSTIN of one state and one month, from that month's invoices and credit notes. */
export function gstr1Report(request: TaxReportRequest, config: GstConfig): TaxReport<Gstr1> {
  const { period, issued, cancelled } = documentsForPeriod(request);
  const state = request.region === undefined ? undefined : gstStateForRegion(request.region);
  const gstin = state && gstinForStateCode(config, state.code);
  if (!gstin) {
    const message = state ? `no GSTIN is configured for ${state.name}` : 'must name the state whose GSTIN files the return (MH, KA...)';
    throw new PluginInputError([{ field: 'region', message }]);
  }
  const issues = filingIssues(request.documents, gstin);
  if (issues.length) throw new PluginInputError(issues);

  const fp = `${String(period.month).padStart(2, '0')}${period.year}`;
  const b2b = b2bSection(issued);
  const b2cl = b2clSection(issued);
  const b2cs = b2csSection(issued);
  const cdnr = cdnrSection(issued);
  const cdnur = cdnurSection(issued);
  const nil = nilSection(issued);
  const hsn = hsnSection(issued, config.hsnDigits);
  const docs = documentsIssuedSection([...issued, ...cancelled]);
  const data: Gstr1 = {
    gstin,
    fp,
    ...nonEmpty('b2b', b2b, b2b),
    ...nonEmpty('b2cl', b2cl, b2cl),
    ...nonEmpty('b2cs', b2cs, b2cs),
    ...nonEmpty('cdnr', cdnr, cdnr),
    ...nonEmpty('cdnur', cdnur, cdnur),
    ...nonEmpty('nil', nil, { inv: nil }),
    ...nonEmpty('hsn', hsn, { data: hsn }),
    ...nonEmpty('doc_issue', docs, { doc_det: docs }),
  };
  return {
    name: 'GSTR-1',
    fileName: `GSTR1_${gstin}_${fp}.json`,
    mediaType: 'application/json',
    content: JSON.stringify(data, null, 2),
    data,
  };
}
