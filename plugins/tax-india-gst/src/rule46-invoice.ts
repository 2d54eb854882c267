import {
  PluginInputError,
  type FieldIssue,
  sumMinorUnits,
  type BasisPoints,
  type MinorUnits,
  type SupplyTreatment,
  type TaxedLine,
  type TaxInvoiceRequest,
  type TaxRateGroup,
} from '@dawa/plugin-sdk';
import { gstStateForRegion, type GstState } from './states.js';
import { uqcForUnit } from './unit-codes.js';

export type GstDocumentTitle = 'Tax Invoice' | 'Bill of Supply' | 'Invoice-cum-Bill of Supply' | 'Credit Note';

export interface GstInvoiceLine {
  serial: number;
  description: string;
  hsn: string;
  quantity: number;
  uqc: string;
  taxableValue: MinorUnits;
  rate: BasisPoints;
  treatment: SupplyTreatment;
  cgst: MinorUnits;
  /** SGST, or UTGST in a union territory without a legislature. */
  sgst: MinorUnits;
  igst: MinorUnits;
  /** Compensation cess: not levied on medicines or medical devices. */
  cess: MinorUnits;
  total: MinorUnits;
}

/** What Rule 46 of the CGST Rules (Rule 53 for credit notes) requires a document to show, as data. */
export interface GstInvoiceFields {
  title: GstDocumentTitle;
  supplier: { name: string; address: string; gstin: string; state: GstState };
  /** Consecutive serial, at most 16 characters of A-Z, a-z, 0-9, "-" and "/", unique in the financial year. */
  number: string;
  date: string;
  /** For a credit note: the invoice it corrects. */
  original?: { number: string; date: string };
  reason?: string;
  recipient: { name?: string; address?: string; gstin?: string };
  placeOfSupply: GstState;
  /** Pharmacy sales are never taxed on reverse charge; the rule still wants it said. */
  reverseCharge: false;
  interState: boolean;
  stateTaxCode: 'SGST' | 'UTGST';
  lines: GstInvoiceLine[];
  rateSummary: TaxRateGroup[];
  totals: {
    taxableValue: MinorUnits;
    cgst: MinorUnits;
    sgst: MinorUnits;
    igst: MinorUnits;
    cess: MinorUnits;
    roundOff: MinorUnits;
    total: MinorUnits;
  };
}

const SERIAL = /^[A-Za-z0-9/-]{1,16}$/;

const componentAmount = (line: TaxedLine, ...codes: string[]) =>
  sumMinorUnits(line.components.filter((c) => codes.includes(c.code)).map((c) => c.amount));

/**
 * Rule 46 calls a document for taxable goods a tax invoice and one for only nil-rated or exempt goods a bill of
 * supply; Rule 46A lets one document serve both for an unregistered buyer.
 */
function documentTitle(request: TaxInvoiceRequest): GstDocumentTitle {
  if (request.document.kind === 'credit_note') return 'Credit Note';
  const taxed = request.quote.lines.filter((l) => l.treatment === 'taxable').length;
  if (taxed === 0) return 'Bill of Supply';
  if (taxed < request.quote.lines.length && !request.quote.buyer?.taxId) return 'Invoice-cum-Bill of Supply';
  return 'Tax Invoice';
}

/** The Rule 46 fields of an invoice or credit note from its stored quote. */
export function rule46Fields(request: TaxInvoiceRequest): GstInvoiceFields {
  const { document, supplier, quote } = request;
  const issues: FieldIssue[] = [];
  if (!SERIAL.test(document.number)) {
    issues.push({ field: 'document.number', message: 'must be 1-16 characters of letters, digits, "-" and "/" (Rule 46(b))' });
  }
  if (!quote.seller.taxId) {
    issues.push({
      field: 'quote.seller.taxId',
      message: `no GSTIN is configured for ${quote.seller.region}: add it to the tax-india-gst settings`,
    });
  }
  if (issues.length) throw new PluginInputError(issues);
  // The quote was made by this plugin, so its regions are known states.
  const sellerState = gstStateForRegion(quote.seller.region)!;
  const placeOfSupply = gstStateForRegion(quote.placeOfSupply)!;
  const lines = quote.lines.map((line, index): GstInvoiceLine => ({
    serial: index + 1,
    description: line.description,
    hsn: line.commodityCode ?? '',
    quantity: line.quantity,
    uqc: uqcForUnit(line.unit),
    taxableValue: line.taxable,
    rate: line.rate,
    treatment: line.treatment,
    cgst: componentAmount(line, 'CGST'),
    sgst: componentAmount(line, 'SGST', 'UTGST'),
    igst: componentAmount(line, 'IGST'),
    cess: 0,
    total: line.total,
  }));
  const total = (pick: (line: GstInvoiceLine) => MinorUnits) => sumMinorUnits(lines.map(pick));
  return {
    title: documentTitle(request),
    supplier: { ...supplier, gstin: quote.seller.taxId!, state: sellerState },
    number: document.number,
    date: document.date,
    ...(document.original && { original: document.original }),
    ...(document.reason && { reason: document.reason }),
    recipient: { name: quote.buyer?.name, address: quote.buyer?.address, gstin: quote.buyer?.taxId },
    placeOfSupply,
    reverseCharge: false,
    interState: sellerState.code !== placeOfSupply.code,
    stateTaxCode: placeOfSupply.levyUtgst ? 'UTGST' : 'SGST',
    lines,
    rateSummary: quote.byRate,
    totals: {
      taxableValue: total((l) => l.taxableValue),
      cgst: total((l) => l.cgst),
      sgst: total((l) => l.sgst),
      igst: total((l) => l.igst),
      cess: 0,
      roundOff: quote.totals.roundOff,
      total: quote.totals.payable,
    },
  };
}
