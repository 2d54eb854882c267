/** Lipa Na M-Pesa Online's request password: base64(BusinessShortCode + Passkey + Timestamp). */
export function stkPassword(shortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortCode}${passkey}${timestamp}`).toString('base64');
}
