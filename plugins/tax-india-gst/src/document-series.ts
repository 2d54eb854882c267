import type { TaxDocument } from '@dawa/plugin-sdk';

export interface DocumentSeries {
  from: string;
  to: string;
  total: number;
  cancelled: number;
}

const TRAILING_NUMBER = /(\d+)$/;

/**
 * Groups document numbers into series by their prefix ("MUM-AND/2526/" + running number) and gives each series its
 * first and last number and counts — GSTR-1's table 13 of documents issued.
 */
export function documentSeries(documents: readonly TaxDocument[]): DocumentSeries[] {
  const series = new Map<string, TaxDocument[]>();
  for (const document of documents) {
    const prefix = document.number.replace(TRAILING_NUMBER, '');
    series.set(prefix, [...(series.get(prefix) ?? []), document]);
  }
  const runningNumber = (document: TaxDocument) => BigInt(TRAILING_NUMBER.exec(document.number)?.[1] ?? '0');
  return [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, members]) => {
      const ordered = [...members].sort((a, b) => (runningNumber(a) < runningNumber(b) ? -1 : runningNumber(a) > runningNumber(b) ? 1 : 0));
      return {
        from: ordered[0].number,
        to: ordered[ordered.length - 1].number,
        total: ordered.length,
        cancelled: ordered.filter((d) => d.status === 'cancelled').length,
      };
    });
}
