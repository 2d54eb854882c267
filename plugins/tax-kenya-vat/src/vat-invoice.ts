import { PluginInputError, type TaxInvoiceRequest } from '@dawa/plugin-sdk';
import { etimsSaleFields, type EtimsSaleFields } from './etims-fields.js';

/** What a Kenyan tax invoice or credit note states, with the eTIMS sale amounts the control unit signs. */
export interface VatInvoiceFields {
  title: 'Tax Invoice' | 'Credit Note';
  seller: { name: string; address: string; pin: string };
  buyer: { name?: string; pin?: string };
  number: string;
  date: string;
  original?: { number: string; date: string };
  reason?: string;
  etims: EtimsSaleFields;
}

export function vatInvoiceFields({ document, supplier, quote }: TaxInvoiceRequest): VatInvoiceFields {
  if (!quote.seller.taxId) {
    throw new PluginInputError([
      { field: 'quote.seller.taxId', message: 'no KRA PIN is configured: add it to the tax-kenya-vat settings' },
    ]);
  }
  return {
    title: document.kind === 'credit_note' ? 'Credit Note' : 'Tax Invoice',
    seller: { ...supplier, pin: quote.seller.taxId },
    buyer: { ...(quote.buyer?.name && { name: quote.buyer.name }), ...(quote.buyer?.taxId && { pin: quote.buyer.taxId }) },
    number: document.number,
    date: document.date,
    ...(document.original && { original: document.original }),
    ...(document.reason && { reason: document.reason }),
    etims: etimsSaleFields(quote),
  };
}
