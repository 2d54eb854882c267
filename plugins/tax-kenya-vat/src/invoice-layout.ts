import {
  formatMinorUnits,
  invoiceColumn as column,
  labelledValues,
  sumMinorUnits,
  type InvoiceLayout,
  type LabelledValue,
  type TaxQuote,
} from '@dawa/plugin-sdk';
import { ETIMS_TAX_TYPES, vatClassForTaxType } from './vat-classes.js';
import type { VatInvoiceFields } from './vat-invoice.js';

const money = formatMinorUnits;

/** Per tax type in use, the inclusive amount and the VAT in it, the way Kenyan receipts print them. */
function taxTypeTotals(quote: TaxQuote): LabelledValue[] {
  return ETIMS_TAX_TYPES.flatMap((taxType) => {
    const lines = quote.lines.filter((l) => l.category === taxType);
    if (!lines.length) return [];
    const label = vatClassForTaxType(taxType).label;
    const amount = sumMinorUnits(lines.map((l) => l.total));
    const vat = sumMinorUnits(lines.map((l) => l.tax));
    return [
      { label: `Total ${label}`, value: money(amount) },
      { label: `VAT ${taxType}`, value: money(vat) },
    ];
  });
}

export function vatInvoiceLayout(fields: VatInvoiceFields, quote: TaxQuote): InvoiceLayout {
  const isCredit = fields.title === 'Credit Note';
  const header = labelledValues([
    ['Seller', fields.seller.name],
    ['Address', fields.seller.address],
    ['KRA PIN', fields.seller.pin],
    [isCredit ? 'Credit note no.' : 'Invoice no.', fields.number],
    ['Date', fields.date],
    ['Against invoice', fields.original && `${fields.original.number} of ${fields.original.date}`],
    ['Reason', fields.reason],
    ['Buyer', fields.buyer.name],
    ['Buyer PIN', fields.buyer.pin],
  ]);
  return {
    title: fields.title,
    header,
    columns: [
      column('serial', '#'),
      column('description', 'Item', 'left'),
      column('quantity', 'Qty'),
      column('amount', 'Amount'),
      column('taxType', 'Tax'),
      column('vat', 'VAT'),
    ],
    rows: quote.lines.map((line, index) => ({
      serial: String(index + 1),
      description: line.description,
      quantity: String(line.quantity),
      amount: money(line.total),
      taxType: line.category ?? '',
      vat: money(line.tax),
    })),
    totals: [
      ...taxTypeTotals(quote),
      { label: 'Total VAT', value: money(quote.totals.tax) },
      { label: isCredit ? 'Credit note total' : 'Total', value: money(quote.totals.payable) },
    ],
    notes: ['Prices include VAT.'],
  };
}
