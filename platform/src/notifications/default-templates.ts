import type { NotificationEvent } from './notification-events.js';

/** The languages a chain's customers get messages in by default, per country; the first is the fallback. */
export const COUNTRY_LANGUAGES: Record<string, readonly string[]> = { IN: ['en', 'hi'], KE: ['en', 'sw'] };

export function countryLanguages(country: string): readonly string[] {
  return COUNTRY_LANGUAGES[country] ?? ['en'];
}

/** The built-in wording a chain gets until it saves its own: SMS, per event and language. */
export const DEFAULT_TEMPLATES: Record<string, Record<NotificationEvent, string>> = {
  en: {
    'sale.receipt':
      '{{chain}} {{store}}: thank you {{customerName}}. Invoice {{invoiceNo}} of {{date}}, {{items}} item(s), total {{total}}.',
    'prescription.approved': '{{chain}} {{store}}: your prescription has been checked by our pharmacist and is valid until {{validUntil}}.',
    'prescription.rejected':
      '{{chain}} {{store}}: our pharmacist could not accept your prescription ({{reason}}). Please contact the store.',
    'stock.digest':
      '{{store}} {{date}}: {{lowStockCount}} below reorder level: {{lowStock}}. {{expiringCount}} batch(es) expired or expiring within 30 days: {{expiring}}.',
    'supplier.order':
      '{{chain}}: purchase order {{poNumber}} for {{supplierName}}: {{items}}. Total {{total}}. Deliver to {{store}}, {{storeAddress}}.',
  },
  hi: {
    'sale.receipt': '{{chain}} {{store}}: धन्यवाद {{customerName}}। बिल {{invoiceNo}}, दिनांक {{date}}, {{items}} सामान, कुल {{total}}।',
    'prescription.approved': '{{chain}} {{store}}: आपका पर्चा हमारे फार्मासिस्ट ने जाँच लिया है और {{validUntil}} तक मान्य है।',
    'prescription.rejected': '{{chain}} {{store}}: हमारे फार्मासिस्ट आपका पर्चा स्वीकार नहीं कर सके ({{reason}})। कृपया दुकान से संपर्क करें।',
    'stock.digest':
      '{{store}} {{date}}: {{lowStockCount}} दवाएँ न्यूनतम स्तर से कम: {{lowStock}}। {{expiringCount}} बैच समाप्त या 30 दिन में समाप्त होने वाले: {{expiring}}।',
    'supplier.order':
      '{{chain}}: {{supplierName}} के लिए खरीद आदेश {{poNumber}}: {{items}}। कुल {{total}}। डिलीवरी: {{store}}, {{storeAddress}}।',
  },
  sw: {
    'sale.receipt': '{{chain}} {{store}}: asante {{customerName}}. Ankara {{invoiceNo}} ya {{date}}, bidhaa {{items}}, jumla {{total}}.',
    'prescription.approved': '{{chain}} {{store}}: agizo lako la daktari limekaguliwa na mfamasia wetu na ni halali hadi {{validUntil}}.',
    'prescription.rejected':
      '{{chain}} {{store}}: mfamasia wetu hakuweza kukubali agizo lako la daktari ({{reason}}). Tafadhali wasiliana na duka.',
    'stock.digest':
      '{{store}} {{date}}: bidhaa {{lowStockCount}} chini ya kiwango cha kuagiza: {{lowStock}}. Bechi {{expiringCount}} zimeisha au zinaisha ndani ya siku 30: {{expiring}}.',
    'supplier.order':
      '{{chain}}: agizo la ununuzi {{poNumber}} kwa {{supplierName}}: {{items}}. Jumla {{total}}. Peleka {{store}}, {{storeAddress}}.',
  },
};
