import {
  basisPointsToPercent,
  formatMinorUnits,
  invoiceColumn as column,
  labelledValues,
  type InvoiceLayout,
  type LabelledValue,
} from '@dawa/plugin-sdk';
import { indianDate } from './dates.js';
import type { GstInvoiceFields } from './rule46-invoice.js';

const percent = (rate: number) => `${basisPointsToPercent(rate)}%`;
const money = formatMinorUnits;

function header(fields: GstInvoiceFields): LabelledValue[] {
  const { supplier, recipient, placeOfSupply, original } = fields;
  const isCredit = fields.title === 'Credit Note';
  return labelledValues([
    ['Supplier', supplier.name],
    ['Address', supplier.address],
    ['GSTIN', supplier.gstin],
    ['State', `${supplier.state.name} (${supplier.state.code})`],
    [isCredit ? 'Credit note no.' : 'Invoice no.', fields.number],
    ['Date', indianDate(fields.date)],
    ['Against invoice', original && `${original.number} dated ${indianDate(original.date)}`],
    ['Reason', fields.reason],
    ['Recipient', recipient.name],
    ['Recipient address', recipient.address],
    ['Recipient GSTIN', recipient.gstin],
    ['Place of supply', `${placeOfSupply.name} (${placeOfSupply.code})`],
    ['Reverse charge', 'No'],
  ]);
}

/** Per rate, the tax of each kind at its own rate: Rule 46 wants the rate of every tax, not only the GST slab. */
function taxTotals(fields: GstInvoiceFields): LabelledValue[] {
  return fields.rateSummary.flatMap((group) =>
    group.components.map((component) => ({
      label: `${component.code} @ ${percent(component.rate)} on ${money(group.taxable)}`,
      value: money(component.amount),
    })),
  );
}

/** The printable form of a GST invoice, bill of supply or credit note. */
export function gstInvoiceLayout(fields: GstInvoiceFields): InvoiceLayout {
  const stateTax = fields.stateTaxCode;
  const taxColumns = fields.interState ? [column('igst', 'IGST')] : [column('cgst', 'CGST'), column('sgst', stateTax)];
  return {
    title: fields.title,
    header: header(fields),
    columns: [
      column('serial', '#'),
      column('description', 'Description', 'left'),
      column('hsn', 'HSN', 'left'),
      column('quantity', 'Qty'),
      column('uqc', 'UQC', 'left'),
      column('taxableValue', 'Taxable value'),
      column('rate', 'GST rate'),
      ...taxColumns,
      column('total', 'Total'),
    ],
    rows: fields.lines.map((line) => ({
      serial: String(line.serial),
      description: line.description,
      hsn: line.hsn,
      quantity: String(line.quantity),
      uqc: line.uqc,
      taxableValue: money(line.taxableValue),
      rate: line.treatment === 'taxable' ? percent(line.rate) : line.treatment === 'exempt' ? 'Exempt' : 'Nil',
      cgst: money(line.cgst),
      sgst: money(line.sgst),
      igst: money(line.igst),
      total: money(line.total),
    })),
    totals: [
      { label: 'Taxable value', value: money(fields.totals.taxableValue) },
      ...taxTotals(fields),
      { label: 'Round-off', value: money(fields.totals.roundOff) },
      { label: fields.title === 'Credit Note' ? 'Credit note total' : 'Invoice total', value: money(fields.totals.total) },
    ],
    notes: [`For ${fields.supplier.name}: authorised signatory`],
  };
}
