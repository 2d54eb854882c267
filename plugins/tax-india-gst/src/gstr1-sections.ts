import {
  basisPointsToPercent,
  documentSign,
  toMajorUnits,
  type MinorUnits,
  type SupplyTreatment,
  type TaxDocument,
} from '@dawa/plugin-sdk';
import { indianDate } from './dates.js';
import { documentSeries } from './document-series.js';
import { amountsOf, inRupees, isZero, NO_AMOUNTS, plus } from './gstr1-amounts.js';
import type {
  Gstr1B2b,
  Gstr1B2cl,
  Gstr1B2csRow,
  Gstr1Cdnr,
  Gstr1Cdnur,
  Gstr1DocumentType,
  Gstr1HsnRow,
  Gstr1Invoice,
  Gstr1Item,
  Gstr1NilRow,
  Gstr1Note,
} from './gstr1-types.js';
import { hsnHeading } from './rate-resolution.js';
import { gstStateForRegion } from './states.js';
import { uqcForUnit } from './unit-codes.js';

/** An unregistered buyer's inter-state invoice above ₹1 lakh is reported one by one (B2CL) rather than summed. */
const B2CL_THRESHOLD: MinorUnits = 1_00_000_00;

type Table = 'b2b' | 'cdnr' | 'b2cl' | 'cdnur' | 'b2cs';

const isInterState = (document: TaxDocument) => document.quote.seller.region !== document.quote.placeOfSupply;
const placeOfSupplyCode = (document: TaxDocument) => gstStateForRegion(document.quote.placeOfSupply)!.code;
/** A rate padded so that text keys containing it sort by rate. */
const rateKey = (rate: number) => String(rate).padStart(5, '0');

/** The GSTR-1 table a document's taxable supplies are reported in. */
function tableOf(document: TaxDocument): Table {
  const isInvoice = document.kind === 'invoice';
  if (document.quote.buyer?.taxId) return isInvoice ? 'b2b' : 'cdnr';
  const invoiceValue = isInvoice ? document.quote.totals.payable : (document.original?.payable ?? 0);
  if (isInterState(document) && invoiceValue > B2CL_THRESHOLD) return isInvoice ? 'b2cl' : 'cdnur';
  return 'b2cs';
}

function items(document: TaxDocument): Gstr1Item[] {
  return document.quote.byRate
    .filter((group) => group.treatment === 'taxable')
    .map((group, index) => ({ num: index + 1, itm_det: { rt: basisPointsToPercent(group.rate), ...inRupees(amountsOf(group, 1)) } }));
}

function invoiceEntry(document: TaxDocument): Gstr1Invoice {
  const { quote } = document;
  return {
    inum: document.number,
    idt: indianDate(document.date),
    val: toMajorUnits(quote.totals.payable),
    pos: placeOfSupplyCode(document),
    rchrg: 'N',
    inv_typ: 'R',
    itms: items(document),
  };
}

function noteEntry(document: TaxDocument): Gstr1Note {
  const { inum, idt, ...rest } = invoiceEntry(document);
  return { ntty: 'C', nt_num: inum, nt_dt: idt, ...rest };
}

/** Folds values into groups by key; groups come back in key order, so the file is stable from run to run. */
function groupBy<T, V>(values: readonly T[], key: (value: T) => string, fold: (acc: V | undefined, value: T) => V): Array<[string, V]> {
  const groups = new Map<string, V>();
  for (const value of values) groups.set(key(value), fold(groups.get(key(value)), value));
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const inTable = (documents: readonly TaxDocument[], table: Table) => documents.filter((d) => tableOf(d) === table);

export function b2bSection(issued: readonly TaxDocument[]): Gstr1B2b[] {
  return groupBy(
    inTable(issued, 'b2b'),
    (d) => d.quote.buyer!.taxId!,
    (inv: Gstr1Invoice[] = [], d) => [...inv, invoiceEntry(d)],
  ).map(([ctin, inv]) => ({ ctin, inv }));
}

export function cdnrSection(issued: readonly TaxDocument[]): Gstr1Cdnr[] {
  return groupBy(
    inTable(issued, 'cdnr'),
    (d) => d.quote.buyer!.taxId!,
    (nt: Gstr1Note[] = [], d) => [...nt, noteEntry(d)],
  ).map(([ctin, nt]) => ({
    ctin,
    nt,
  }));
}

export function b2clSection(issued: readonly TaxDocument[]): Gstr1B2cl[] {
  return groupBy(inTable(issued, 'b2cl'), placeOfSupplyCode, (inv: Gstr1B2cl['inv'] = [], d) => {
    const { inum, idt, val, itms } = invoiceEntry(d);
    return [...inv, { inum, idt, val, itms }];
  }).map(([pos, inv]) => ({ pos, inv }));
}

export function cdnurSection(issued: readonly TaxDocument[]): Gstr1Cdnur[] {
  return inTable(issued, 'cdnur').map((d) => {
    const { rchrg: _rchrg, inv_typ: _invType, ...note } = noteEntry(d);
    return { typ: 'B2CL', ...note };
  });
}

/** Small consumer sales, net of their credit notes, by place of supply and rate. */
export function b2csSection(issued: readonly TaxDocument[]): Gstr1B2csRow[] {
  const rows = inTable(issued, 'b2cs').flatMap((document) =>
    document.quote.byRate
      .filter((group) => group.treatment === 'taxable')
      .map((group) => ({
        sply_ty: isInterState(document) ? ('INTER' as const) : ('INTRA' as const),
        pos: placeOfSupplyCode(document),
        rate: group.rate,
        amounts: amountsOf(group, documentSign(document)),
      })),
  );
  return groupBy(
    rows,
    (row) => `${row.pos}|${row.sply_ty}|${rateKey(row.rate)}`,
    (acc: (typeof rows)[number] | undefined, row) => ({ ...row, amounts: plus(acc?.amounts ?? NO_AMOUNTS, row.amounts) }),
  )
    .filter(([, row]) => !isZero(row.amounts))
    .map(([, row]) => ({ sply_ty: row.sply_ty, pos: row.pos, typ: 'OE', rt: basisPointsToPercent(row.rate), ...inRupees(row.amounts) }));
}

/** Which column of table 8 a supply that carries no tax belongs in. */
const NIL_COLUMN: Partial<Record<SupplyTreatment, 'nil_amt' | 'expt_amt' | 'ngsup_amt'>> = {
  nil_rated: 'nil_amt',
  exempt: 'expt_amt',
  outside_scope: 'ngsup_amt',
};

/** Nil-rated, exempt and non-GST supplies, by inter/intra-state and registered/unregistered buyer. */
export function nilSection(issued: readonly TaxDocument[]): Gstr1NilRow[] {
  const untaxed = issued.flatMap((document) =>
    document.quote.byRate.flatMap((group) => {
      const column = NIL_COLUMN[group.treatment];
      const sply_ty = `${isInterState(document) ? 'INTR' : 'INTRA'}${document.quote.buyer?.taxId ? 'B2B' : 'B2C'}` as const;
      return column ? [{ sply_ty, column, amount: documentSign(document) * group.taxable }] : [];
    }),
  );
  type Totals = Record<'nil_amt' | 'expt_amt' | 'ngsup_amt', MinorUnits>;
  return groupBy(
    untaxed,
    (entry) => entry.sply_ty,
    (acc: Totals | undefined, entry) => {
      const totals = acc ?? { nil_amt: 0, expt_amt: 0, ngsup_amt: 0 };
      return { ...totals, [entry.column]: totals[entry.column] + entry.amount };
    },
  ).map(([sply_ty, totals]) => ({
    sply_ty: sply_ty as Gstr1NilRow['sply_ty'],
    nil_amt: toMajorUnits(totals.nil_amt),
    expt_amt: toMajorUnits(totals.expt_amt),
    ngsup_amt: toMajorUnits(totals.ngsup_amt),
  }));
}

/** Every line, net of credit notes, by HSN (cut to the chain's required digits), unit and rate. */
export function hsnSection(issued: readonly TaxDocument[], hsnDigits: number): Gstr1HsnRow[] {
  const lines = issued.flatMap((document) =>
    document.quote.lines.map((line) => {
      const code = line.commodityCode!.slice(0, hsnDigits);
      const sign = documentSign(document);
      return {
        code,
        desc: hsnHeading(code)?.description ?? line.description,
        uqc: uqcForUnit(line.unit),
        rate: line.rate,
        qty: sign * line.quantity,
        amounts: amountsOf(line, sign),
      };
    }),
  );
  type Row = (typeof lines)[number];
  return (
    groupBy(
      lines,
      (line) => `${line.code}|${line.uqc}|${rateKey(line.rate)}`,
      (acc: Row | undefined, line): Row => (acc ? { ...acc, qty: acc.qty + line.qty, amounts: plus(acc.amounts, line.amounts) } : line),
    )
      // Goods sold and fully returned in the month leave nothing to report.
      .filter(([, row]) => row.qty !== 0 || !isZero(row.amounts))
      .map(([, row], index) => ({
        num: index + 1,
        hsn_sc: row.code,
        desc: row.desc,
        uqc: row.uqc,
        qty: row.qty,
        rt: basisPointsToPercent(row.rate),
        ...inRupees(row.amounts),
      }))
  );
}

const DOCUMENT_TYPES = [
  { doc_num: 1, doc_typ: 'Invoices for outward supply', kind: 'invoice' },
  { doc_num: 5, doc_typ: 'Credit Note', kind: 'credit_note' },
] as const;

/** Table 13: the series of invoices and credit notes issued, with cancelled ones counted. */
export function documentsIssuedSection(documents: readonly TaxDocument[]): Gstr1DocumentType[] {
  return DOCUMENT_TYPES.map(({ kind, ...type }) => ({
    ...type,
    docs: documentSeries(documents.filter((d) => d.kind === kind)).map((series, index) => ({
      num: index + 1,
      from: series.from,
      to: series.to,
      totnum: series.total,
      cancel: series.cancelled,
      net_issue: series.total - series.cancelled,
    })),
  })).filter((type) => type.docs.length);
}
