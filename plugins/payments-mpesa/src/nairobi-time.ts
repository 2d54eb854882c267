/**
 * Daraja speaks Nairobi wall-clock time as digits (`YYYYMMDDHHmmss`) with no zone. Kenya has kept UTC+3 without
 * daylight saving since 1960, so a fixed offset is exact.
 */
const NAIROBI_OFFSET_MS = 3 * 60 * 60 * 1000;

export function darajaTimestamp(at: Date): string {
  return new Date(at.getTime() + NAIROBI_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The instant a Daraja timestamp names, or undefined when the digits are not a real Nairobi time. */
export function parseDarajaTimestamp(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - NAIROBI_OFFSET_MS;
  return darajaTimestamp(new Date(utc)) === value ? new Date(utc) : undefined;
}
