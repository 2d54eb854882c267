/**
 * A Kenyan mobile number as Daraja wants it (`2547XXXXXXXX` / `2541XXXXXXXX`), from how people write it: 07…, 01…,
 * +2547…, 2547…. Undefined for anything else, so the caller can name the field.
 */
export function darajaPhoneNumber(written: string): string | undefined {
  const match = /^(?:\+?254|0)([17]\d{8})$/.exec(written.trim());
  return match ? `254${match[1]}` : undefined;
}
