/** 2025-09-22 → 22-09-2025: how GSTN files and Indian invoices write dates. */
export function indianDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}-${month}-${year}`;
}
