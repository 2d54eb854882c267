/**
 * Expiry dates as pharmacies write them: a day (`2027-03-31`) or, as printed on most packs, a month (`2027-03`,
 * meaning usable to the end of that month). Stored as a date; a batch is sellable through its expiry day.
 */
export function parseExpiry(value: string): string | undefined {
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return undefined;
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return `${month[1]}-${month[2]}-${String(last).padStart(2, '0')}`;
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!day) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : undefined;
}

/** Today's date where the tenant is: a batch expiring "today" in Nairobi is still sellable there at 23:00. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
