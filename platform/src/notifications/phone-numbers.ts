/** Country calling codes and national number lengths of the countries Dawa serves. */
const DIALING: Record<string, { code: string; nationalDigits: number }> = {
  IN: { code: '91', nationalDigits: 10 },
  KE: { code: '254', nationalDigits: 9 },
};

/**
 * A phone number as the counter typed it (`+919812345678`, `9812345678`, `0712345678`, `254712345678`) in E.164, as
 * vendors need it; undefined when it cannot be one.
 */
export function toE164(raw: string, country: string): string | undefined {
  const digits = raw.replace(/[\s\-().]/g, '');
  if (/^\+[1-9][0-9]{6,14}$/.test(digits)) return digits;
  if (!/^[0-9]{7,15}$/.test(digits)) return undefined;
  const dialing = DIALING[country];
  if (!dialing) return undefined;
  const national = digits.replace(/^0+/, '');
  if (national.length === dialing.nationalDigits) return `+${dialing.code}${national}`;
  if (national.startsWith(dialing.code) && national.length === dialing.code.length + dialing.nationalDigits) return `+${national}`;
  return undefined;
}

/** "+919812345678" → "+91******5678": enough to tell numbers apart in a list. */
export function maskPhone(phone: string): string {
  const keep = phone.startsWith('+') ? 3 : 0;
  return phone.length <= keep + 4
    ? '*'.repeat(phone.length)
    : `${phone.slice(0, keep)}${'*'.repeat(phone.length - keep - 4)}${phone.slice(-4)}`;
}
