/**
 * GS1 barcodes (EAN-8, UPC-A, EAN-13, GTIN-14): digits only, with a mod-10 check digit computed with weights 3 and 1
 * from the right. A scanner misread or a typed-in typo fails the check.
 */
export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Completes a GTIN body with its check digit (used to generate valid test and demo barcodes). */
export function withCheckDigit(body: string): string {
  const sum = [...body]
    .map(Number)
    .reverse()
    .reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
