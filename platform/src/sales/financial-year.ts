/**
 * Invoice numbers restart every financial year. India's runs April–March; Kenya's government year runs July–June but
 * most businesses use the calendar year — the tenant setting `financialYearStartMonth` decides, with these defaults.
 */
export const DEFAULT_FY_START_MONTH: Record<string, number> = { IN: 4, KE: 1, US: 1 };

/** "2627" for April 2026–March 2027, "2026" for a calendar year: short, so invoice numbers stay ≤ 16 characters. */
export function financialYear(businessDate: string, startMonth: number): string {
  const [year, month] = businessDate.split('-').map(Number);
  if (startMonth === 1) return String(year);
  const first = month >= startMonth ? year : year - 1;
  return `${String(first % 100).padStart(2, '0')}${String((first + 1) % 100).padStart(2, '0')}`;
}
