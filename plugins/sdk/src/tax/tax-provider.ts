import type { BasisPoints, MinorUnits } from '../money.js';

/**
 * The `tax` extension point. Line amounts are what the customer pays for the line (MRP and shelf prices are
 * tax-inclusive in India and Kenya); the plugin splits them into taxable value and tax, rounds the way its country
 * requires, and turns stored quotes into invoice fields and statutory reports.
 *
 * Invariants every tax plugin keeps (the SDK's tax contract suite checks them on random sales):
 * - per line: taxable + tax = total = amount, neither negative; the components add up to the tax;
 * - totals are the sums of the lines; payable = gross + roundOff, a multiple of `roundingUnit`, and the round-off
 *   moves the total by less than half a unit down and at most half a unit up.
 */
export interface TaxProvider {
  /** The product tax classes this plugin understands; the catalogue offers exactly these. */
  readonly taxClasses: readonly TaxClassInfo[];
  /** Payable totals are multiples of this many minor units (100: whole rupees; 1: no rounding). */
  readonly roundingUnit: MinorUnits;
  quote(request: TaxQuoteRequest): Promise<TaxQuote>;
  /** The country's mandatory invoice (or credit note) content, from a stored quote. */
  invoice(request: TaxInvoiceRequest): Promise<TaxInvoice>;
  /** A statutory export for one month (GSTR-1, VAT summary) from the documents issued in it. */
  report(request: TaxReportRequest): Promise<TaxReport>;
}

export interface TaxClassInfo {
  code: string;
  label: string;
}

/** How the law treats a supply; reports file nil-rated, exempt and out-of-scope supplies in different places. */
export type SupplyTreatment = 'taxable' | 'zero_rated' | 'nil_rated' | 'exempt' | 'outside_scope';

export interface TaxParty {
  name?: string;
  address?: string;
  /** GSTIN in India, KRA PIN in Kenya: a buyer with one makes the sale business-to-business. */
  taxId?: string;
  /** Where the party is (India: the state code, "KA"). */
  region?: string;
}

export interface TaxLineInput {
  /** The caller's key for the line, echoed back. */
  id: string;
  description: string;
  /** The product's own code (eTIMS itemCd). */
  itemCode?: string;
  /** HSN code in India, KRA item class in Kenya. */
  commodityCode?: string | null;
  taxClass: string;
  /** In the product's base unit (tablets, ml), a positive integer. */
  quantity: number;
  /** The base unit's name ("tablet"): mapped to the country's unit codes. */
  unit: string;
  /** What the customer pays for the line after discount, tax included. */
  amount: MinorUnits;
  /** The discount already taken off `amount`, for documents that show the price before it. */
  discount?: MinorUnits;
}

export interface TaxQuoteRequest {
  /** Date of supply in the tenant's time zone (YYYY-MM-DD): it decides which rates apply. */
  date: string;
  /** The selling store's region (India: its state, "MH"); the seller's registration there is looked up from it. */
  seller: { region: string };
  /** Where the supply is consumed; the seller's region when absent (a counter sale). */
  placeOfSupply?: string;
  buyer?: TaxParty;
  lines: readonly TaxLineInput[];
}

/** One tax levied on a line or a rate group: CGST, SGST, UTGST, IGST, VAT. */
export interface TaxComponent {
  code: string;
  rate: BasisPoints;
  amount: MinorUnits;
}

export interface TaxedLine extends TaxLineInput {
  discount: MinorUnits;
  rate: BasisPoints;
  treatment: SupplyTreatment;
  /** The country's own code for the line's tax category, where it has one (eTIMS tax type "A".."E"). */
  category?: string;
  taxable: MinorUnits;
  tax: MinorUnits;
  /** taxable + tax. */
  total: MinorUnits;
  /** Only taxes actually levied at a positive rate; empty for nil, exempt and zero-rated lines. */
  components: TaxComponent[];
}

/** Lines of one rate and treatment added up: the per-rate table of an invoice, the by-rate sales report. */
export interface TaxRateGroup {
  rate: BasisPoints;
  treatment: SupplyTreatment;
  taxable: MinorUnits;
  tax: MinorUnits;
  components: TaxComponent[];
}

export interface TaxTotals {
  taxable: MinorUnits;
  tax: MinorUnits;
  /** Sum of the line totals. */
  gross: MinorUnits;
  roundOff: MinorUnits;
  /** gross + roundOff: what the customer pays. */
  payable: MinorUnits;
}

/** A priced sale. The host stores it with the sale: invoices and reports are built from it, never re-quoted. */
export interface TaxQuote {
  currency: string;
  date: string;
  seller: { region: string; taxId?: string };
  placeOfSupply: string;
  buyer?: TaxParty;
  lines: TaxedLine[];
  byRate: TaxRateGroup[];
  totals: TaxTotals;
}

export type TaxDocumentKind = 'invoice' | 'credit_note';

export interface TaxInvoiceRequest {
  document: {
    kind: TaxDocumentKind;
    number: string;
    date: string;
    /** The invoice a credit note corrects. */
    original?: { number: string; date: string };
    reason?: string;
  };
  supplier: { name: string; address: string };
  /** For a credit note: the quote of what is credited, with positive amounts. */
  quote: TaxQuote;
}

export interface LabelledValue {
  label: string;
  value: string;
}

export interface InvoiceColumn {
  key: string;
  label: string;
  align: 'left' | 'right';
}

/** A country-neutral printable form of an invoice: the PDF renderer lays it out without knowing the country. */
export interface InvoiceLayout {
  title: string;
  header: LabelledValue[];
  columns: InvoiceColumn[];
  /** One per line, keyed by column key, already formatted. */
  rows: Array<Record<string, string>>;
  totals: LabelledValue[];
  notes: string[];
}

export interface TaxInvoice<Fields = unknown> {
  layout: InvoiceLayout;
  /** The same content as data, in the country's own terms (Rule 46 fields, eTIMS sale fields). */
  fields: Fields;
}

export interface TaxDocument {
  kind: TaxDocumentKind;
  number: string;
  date: string;
  status: 'issued' | 'cancelled';
  quote: TaxQuote;
  /** For a credit note: the invoice it corrects and what that invoice came to. */
  original?: { number: string; date: string; payable: MinorUnits };
}

export interface TaxReportRequest {
  /** The month reported, YYYY-MM. */
  period: string;
  /** The registration filed for, by region (India files GSTR-1 per state GSTIN). */
  region?: string;
  /** Every invoice and credit note dated in the period, cancelled ones included (they are counted, not summed). */
  documents: readonly TaxDocument[];
}

export interface TaxReport<Data = unknown> {
  name: string;
  fileName: string;
  mediaType: string;
  /** The file to hand out. */
  content: string;
  data: Data;
}
