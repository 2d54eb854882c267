import PDFDocument from 'pdfkit';
import { basisPointsToPercent, formatMinorUnits, type InvoiceLayout, type TaxRateGroup } from '@dawa/plugin-sdk';

/** What the printed invoice shows beyond the tax plugin's layout: the letterhead, the customer and the tender. */
export interface InvoicePrint {
  layout: InvoiceLayout;
  supplier: { name: string; address: string; storeName: string };
  currency: string;
  customer: { name?: string; phone?: string; address?: string } | null;
  byRate: TaxRateGroup[];
  payable: number;
  payments: Array<{ method: string; amount: number; reference?: string }>;
  /** A credit note has no change to show: what it pays goes back through the sale's payments. */
  change?: number;
  issuedAt: Date;
  /** How the tender and the boxed total are headed; an invoice's wording unless a credit note says otherwise. */
  wording?: { tender: string; payable: string };
}

const INVOICE_WORDING = { tender: 'Payment received', payable: 'Amount payable' };

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 36;
const CONTENT = A4.width - 2 * MARGIN;
const INK = '#1f2933';
const MUTED = '#5f6b7a';
const RULE = '#c5ccd6';
const SHADE = '#eef1f5';
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

const METHOD_LABELS: Record<string, string> = { cash: 'Cash', card: 'Card', upi: 'UPI', mpesa: 'M-Pesa', other: 'Other' };

/**
 * The standard PDF fonts cover WinAnsi (Latin-1 and a few more) only: the rupee sign becomes "Rs." and anything else
 * outside it a "?", so a stray character can never break the document.
 */
export function printable(value: string): string {
  return value
    .replace(/₹/g, 'Rs.')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff\n]/g, '?');
}

const money = (minor: number) => formatMinorUnits(minor);

/**
 * Renders a country-neutral invoice layout as an A4 PDF: the renderer knows nothing of GST or VAT; the columns, header
 * fields, totals and notes are the plugin's, already formatted. Long tables continue on further pages with their
 * column header repeated.
 */
export function renderInvoicePdf(print: InvoicePrint): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${print.layout.title} ${headerValue(print.layout, /no\.$/i) ?? ''}`.trim(),
      Author: printable(print.supplier.name),
      CreationDate: print.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  let y = letterhead(doc, print);
  y = headerGrid(doc, print, y + 10);
  y = lineTable(doc, print, y + 14);
  y = summary(doc, print, y + 14);
  notes(doc, print, y + 16);
  pageNumbers(doc, print);
  doc.end();
  return done;
}

function headerValue(layout: InvoiceLayout, label: RegExp): string | undefined {
  return layout.header.find((h) => label.test(h.label))?.value;
}

function text(
  doc: PDFKit.PDFDocument,
  value: string,
  x: number,
  y: number,
  options: PDFKit.Mixins.TextOptions & { font?: string; size?: number; color?: string } = {},
) {
  const { font = FONT, size = 9, color = INK, ...rest } = options;
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(printable(value), x, y, { lineBreak: rest.width !== undefined, ...rest });
}

/** A horizontal line from x1 to x2 at y. */
function rule(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number, width = 0.4, color = RULE): void {
  doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke();
}

function heightOf(doc: PDFKit.PDFDocument, value: string, width: number, font = FONT, size = 9): number {
  return doc.font(font).fontSize(size).heightOfString(printable(value), { width });
}

function widthOf(doc: PDFKit.PDFDocument, value: string, font = FONT, size = 9): number {
  return doc.font(font).fontSize(size).widthOfString(printable(value));
}

/** Supplier name, store and address on the left; the document title, number and date on the right. */
function letterhead(doc: PDFKit.PDFDocument, print: InvoicePrint): number {
  const top = MARGIN;
  const leftWidth = CONTENT * 0.6;
  text(doc, print.supplier.name, MARGIN, top, { font: BOLD, size: 16, width: leftWidth });
  let y = top + heightOf(doc, print.supplier.name, leftWidth, BOLD, 16) + 2;
  const storeLines = [print.supplier.storeName, print.supplier.address].filter(Boolean).join('\n');
  if (storeLines) {
    text(doc, storeLines, MARGIN, y, { size: 9, color: MUTED, width: leftWidth });
    y += heightOf(doc, storeLines, leftWidth, FONT, 9);
  }
  const title = print.layout.title.toUpperCase();
  text(doc, title, MARGIN, top, { font: BOLD, size: 15, width: CONTENT, align: 'right', color: '#0b4f6c' });
  text(doc, `Amounts in ${print.currency}`, MARGIN, top + 20, { size: 8, color: MUTED, width: CONTENT, align: 'right' });
  y = Math.max(y, top + 32) + 8;
  rule(doc, MARGIN, MARGIN + CONTENT, y, 1.2, '#0b4f6c');
  return y;
}

/** The plugin's header fields (tax ids, number, date, place of supply, recipient) in two columns, then the customer. */
function headerGrid(doc: PDFKit.PDFDocument, print: InvoicePrint, top: number): number {
  const skip = new Set([print.supplier.name, print.supplier.address].filter(Boolean));
  const fields = print.layout.header.filter((h) => h.value && !skip.has(h.value));
  const customer = customerFields(print);
  const all = [...fields, ...customer];
  const columnWidth = (CONTENT - 20) / 2;
  const labelWidth = 92;
  const half = Math.ceil(all.length / 2);
  let bottom = top;
  [all.slice(0, half), all.slice(half)].forEach((column, c) => {
    const x = MARGIN + c * (columnWidth + 20);
    let y = top;
    for (const field of column) {
      const valueWidth = columnWidth - labelWidth;
      text(doc, field.label, x, y, { size: 8.5, color: MUTED, width: labelWidth - 4 });
      text(doc, field.value, x + labelWidth, y, { font: BOLD, size: 8.5, width: valueWidth });
      y += Math.max(heightOf(doc, field.value, valueWidth, BOLD, 8.5), heightOf(doc, field.label, labelWidth - 4, FONT, 8.5)) + 3;
    }
    bottom = Math.max(bottom, y);
  });
  return bottom;
}

/** The customer the cashier recorded, when the plugin's header does not already name them (a walk-in with a name). */
function customerFields(print: InvoicePrint): Array<{ label: string; value: string }> {
  const customer = print.customer;
  if (!customer) return [];
  const named = print.layout.header.some((h) => customer.name && h.value === customer.name);
  const fields: Array<{ label: string; value: string }> = [];
  if (customer.name && !named) fields.push({ label: 'Customer', value: customer.name });
  if (customer.phone) fields.push({ label: 'Customer phone', value: customer.phone });
  if (customer.address && !print.layout.header.some((h) => h.value === customer.address)) {
    fields.push({ label: 'Customer address', value: customer.address });
  }
  return fields;
}

interface Column {
  key: string;
  label: string;
  align: 'left' | 'right';
  width: number;
}

/** Columns fit their widest cell; the first left-aligned text column (the description) takes the rest and wraps. */
function tableColumns(doc: PDFKit.PDFDocument, print: InvoicePrint, size: number): Column[] {
  const padding = 8;
  const columns = print.layout.columns.map((c) => ({
    ...c,
    width: Math.max(widthOf(doc, c.label, BOLD, size), ...print.layout.rows.map((r) => widthOf(doc, r[c.key] ?? '', FONT, size))) + padding,
  }));
  const flexible = columns.find((c) => c.align === 'left' && /desc|item|name/i.test(c.key)) ?? columns.find((c) => c.align === 'left');
  const fixed = columns.filter((c) => c !== flexible).reduce((sum, c) => sum + c.width, 0);
  if (flexible) flexible.width = Math.max(90, CONTENT - fixed);
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  // Too many wide columns for the page: shrink all of them in proportion (descriptions wrap, numbers stay on a line).
  if (total > CONTENT) for (const c of columns) c.width = (c.width * CONTENT) / total;
  return columns;
}

function lineTable(doc: PDFKit.PDFDocument, print: InvoicePrint, top: number): number {
  const size = print.layout.columns.length > 9 ? 7.5 : 8.5;
  const columns = tableColumns(doc, print, size);
  const pad = 4;
  const drawHeader = (y: number) => {
    const height = Math.max(...columns.map((c) => heightOf(doc, c.label, c.width - 2 * pad, BOLD, size))) + 2 * pad;
    doc.rect(MARGIN, y, CONTENT, height).fillColor(SHADE).fill();
    let x = MARGIN;
    for (const c of columns) {
      text(doc, c.label, x + pad, y + pad, { font: BOLD, size, width: c.width - 2 * pad, align: c.align });
      x += c.width;
    }
    rule(doc, MARGIN, MARGIN + CONTENT, y + height, 0.8, RULE);
    return y + height;
  };
  let y = drawHeader(top);
  for (const row of print.layout.rows) {
    const height = Math.max(...columns.map((c) => heightOf(doc, row[c.key] ?? '', c.width - 2 * pad, FONT, size))) + 2 * pad;
    if (y + height > A4.height - MARGIN - 30) {
      doc.addPage();
      y = drawHeader(MARGIN);
    }
    let x = MARGIN;
    for (const c of columns) {
      text(doc, row[c.key] ?? '', x + pad, y + pad, { size, width: c.width - 2 * pad, align: c.align });
      x += c.width;
    }
    y += height;
    rule(doc, MARGIN, MARGIN + CONTENT, y, 0.4, RULE);
  }
  return y;
}

function rateLabel(group: TaxRateGroup): string {
  if (group.treatment === 'taxable') return `${basisPointsToPercent(group.rate)}%`;
  return { zero_rated: 'Zero-rated', nil_rated: 'Nil-rated', exempt: 'Exempt', outside_scope: 'Out of scope' }[group.treatment];
}

/**
 * Left: the per-rate tax summary and the tender (payments, change). Right: the plugin's totals, then the amount payable
 * boxed. Moves to a new page first when the block would not fit.
 */
function summary(doc: PDFKit.PDFDocument, print: InvoicePrint, top: number): number {
  const leftWidth = CONTENT * 0.52;
  const rightX = MARGIN + leftWidth + 18;
  const rightWidth = CONTENT - leftWidth - 18;
  const totalsHeight = print.layout.totals.length * 13 + 40;
  const leftHeight = (print.byRate.length + 2) * 13 + (print.payments.length + 3) * 13 + 30;
  if (top + Math.max(totalsHeight, leftHeight) > A4.height - MARGIN - 40) {
    doc.addPage();
    top = MARGIN;
  }

  // Per-rate summary
  let y = top;
  text(doc, 'Tax summary by rate', MARGIN, y, { font: BOLD, size: 9 });
  y += 13;
  const cols = [
    { label: 'Rate', width: 0.22, align: 'left' as const },
    { label: 'Taxable value', width: 0.3, align: 'right' as const },
    { label: 'Tax', width: 0.48, align: 'right' as const },
  ];
  const row = (values: string[], font: string, shade = false) => {
    if (shade)
      doc
        .rect(MARGIN, y - 2, leftWidth, 13)
        .fillColor(SHADE)
        .fill();
    let x = MARGIN;
    values.forEach((v, i) => {
      const w = cols[i].width * leftWidth;
      text(doc, v, x + 3, y + 1, { font, size: 8, width: w - 6, align: cols[i].align });
      x += w;
    });
    y += 13;
  };
  row(
    cols.map((c) => c.label),
    BOLD,
    true,
  );
  for (const group of print.byRate) {
    const parts = group.components.length ? group.components.map((c) => `${c.code} ${money(c.amount)}`).join(' + ') : money(group.tax);
    row([rateLabel(group), money(group.taxable), parts], FONT);
  }
  rule(doc, MARGIN, MARGIN + leftWidth, y, 0.4, RULE);
  y += 10;

  // Payments
  const wording = print.wording ?? INVOICE_WORDING;
  text(doc, wording.tender, MARGIN, y, { font: BOLD, size: 9 });
  y += 13;
  for (const p of print.payments) {
    const label = `${METHOD_LABELS[p.method] ?? p.method}${p.reference ? ` (ref. ${p.reference})` : ''}`;
    text(doc, label, MARGIN + 3, y, { size: 8.5, width: leftWidth * 0.7 });
    text(doc, money(p.amount), MARGIN, y, { size: 8.5, width: leftWidth - 3, align: 'right' });
    y += 12;
  }
  if (print.change !== undefined) {
    text(doc, 'Change returned', MARGIN + 3, y, { size: 8.5, color: MUTED, width: leftWidth * 0.7 });
    text(doc, money(print.change), MARGIN, y, { size: 8.5, width: leftWidth - 3, align: 'right' });
    y += 12;
  }
  const leftBottom = y;

  // Totals
  let ry = top;
  for (const total of print.layout.totals) {
    const labelWidth = rightWidth * 0.68;
    const h = heightOf(doc, total.label, labelWidth, FONT, 8.5);
    text(doc, total.label, rightX, ry, { size: 8.5, width: labelWidth });
    text(doc, total.value, rightX, ry, { size: 8.5, width: rightWidth, align: 'right' });
    ry += h + 3;
  }
  ry += 4;
  doc
    .rect(rightX - 4, ry, rightWidth + 4, 22)
    .fillColor('#0b4f6c')
    .fill();
  text(doc, `${wording.payable} (${print.currency})`, rightX + 2, ry + 6, {
    font: BOLD,
    size: 10,
    color: '#ffffff',
    width: rightWidth * 0.7,
  });
  text(doc, money(print.payable), rightX, ry + 6, { font: BOLD, size: 10, color: '#ffffff', width: rightWidth - 4, align: 'right' });
  return Math.max(leftBottom, ry + 22);
}

function notes(doc: PDFKit.PDFDocument, print: InvoicePrint, top: number): void {
  let y = top;
  rule(doc, MARGIN, MARGIN + CONTENT, y, 0.4, RULE);
  y += 8;
  for (const note of print.layout.notes) {
    if (y > A4.height - MARGIN - 30) {
      doc.addPage();
      y = MARGIN;
    }
    text(doc, note, MARGIN, y, { size: 8.5, width: CONTENT });
    y += heightOf(doc, note, CONTENT, FONT, 8.5) + 4;
  }
  text(doc, 'This is a computer-generated invoice.', MARGIN, y + 4, { size: 7.5, color: MUTED, width: CONTENT });
}

function pageNumbers(doc: PDFKit.PDFDocument, print: InvoicePrint): void {
  const range = doc.bufferedPageRange();
  const number = headerValue(print.layout, /no\.$/i) ?? '';
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the bottom margin must not open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    text(doc, `${print.layout.title} ${number} - page ${i + 1} of ${range.count}`, MARGIN, A4.height - MARGIN + 10, {
      size: 7,
      color: MUTED,
      width: CONTENT,
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
  }
}
