import { PluginInputError, type FieldIssue } from '../errors.js';
import type { TaxDocument, TaxReportRequest } from './tax-provider.js';

export interface ReportPeriod {
  year: number;
  /** 1-12. */
  month: number;
  /** YYYY-MM-DD bounds, inclusive. */
  from: string;
  to: string;
}

export interface PeriodDocuments {
  period: ReportPeriod;
  /** Issued documents: what the report adds up. */
  issued: TaxDocument[];
  /** Cancelled documents: counted in document summaries, never summed. */
  cancelled: TaxDocument[];
}

function parsePeriod(text: string): ReportPeriod | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, from: `${text}-01`, to: `${text}-${String(lastDay).padStart(2, '0')}` };
}

/** Credit notes reduce what a period reports; invoices add to it. */
export const documentSign = (document: TaxDocument): 1 | -1 => (document.kind === 'credit_note' ? -1 : 1);

/**
 * Checks a report request's month and that every document is dated in it — a document from another month in a
 * return is a filing error, so it is refused rather than silently dropped — and separates issued from cancelled.
 */
export function documentsForPeriod(request: TaxReportRequest): PeriodDocuments {
  const period = parsePeriod(request.period);
  if (!period) throw new PluginInputError([{ field: 'period', message: 'must be a month written YYYY-MM' }]);
  const issues: FieldIssue[] = request.documents.flatMap((document, index) =>
    document.date >= period.from && document.date <= period.to
      ? []
      : [{ field: `documents.${index}.date`, message: `${document.number} is dated ${document.date}, outside ${request.period}` }],
  );
  if (issues.length) throw new PluginInputError(issues);
  return {
    period,
    issued: request.documents.filter((d) => d.status === 'issued'),
    cancelled: request.documents.filter((d) => d.status === 'cancelled'),
  };
}
