/**
 * SMS length rules (3GPP TS 23.038): text that fits the GSM 03.38 alphabet travels 160 characters to a single
 * message or 153 per part of a longer one, the extension characters (€ [ ] { } ...) counting twice; anything else
 * (Devanagari, emoji) goes as UCS-2: 70 UTF-16 units alone or 67 per part. Vendors bill per part.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/** Receipts and alerts stay within four parts; a longer message is cut (an item list, never the wording). */
export const MAX_SMS_SEGMENTS = 4;

type Encoding = 'gsm7' | 'ucs2';

function encodingOf(text: string): Encoding {
  for (const char of text) if (!GSM_BASIC.includes(char) && !GSM_EXTENSION.includes(char)) return 'ucs2';
  return 'gsm7';
}

/** Length in the units the encoding counts: septets for GSM-7, UTF-16 code units for UCS-2. */
function unitsOf(text: string, encoding: Encoding): number {
  if (encoding === 'ucs2') return text.length;
  let units = 0;
  for (const char of text) units += GSM_EXTENSION.includes(char) ? 2 : 1;
  return units;
}

function capacity(encoding: Encoding, segments: number): number {
  const [single, part] = encoding === 'gsm7' ? [160, 153] : [70, 67];
  return segments === 1 ? single : part * segments;
}

export function smsSegments(text: string): number {
  const encoding = encodingOf(text);
  const units = unitsOf(text, encoding);
  return units <= capacity(encoding, 1) ? 1 : Math.ceil(units / (capacity(encoding, 2) / 2));
}

/** The text cut (with an ellipsis) to fit `maxSegments` parts; text that fits is returned as it is. */
export function fitSms(text: string, maxSegments = MAX_SMS_SEGMENTS): string {
  const encoding = encodingOf(text);
  const limit = capacity(encoding, maxSegments);
  if (unitsOf(text, encoding) <= limit) return text;
  const ellipsis = encoding === 'gsm7' ? '...' : '…';
  const chars = [...text];
  while (chars.length && unitsOf(chars.join('') + ellipsis, encoding) > limit) chars.pop();
  return chars.join('').trimEnd() + ellipsis;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Fills `{{placeholders}}` with plain text (an SMS has no markup to escape) and fits the result to the SMS cap. Values
 * are single-line: a customer name cannot add lines to the message. An empty value takes the space before it along
 * ("thank you {{customerName}}." reads "thank you." for a walk-in).
 */
export function renderSms(body: string, values: Record<string, string | number>, maxSegments = MAX_SMS_SEGMENTS): string {
  const filled = body.replace(new RegExp(`([ \\t]*)${PLACEHOLDER.source}`, 'g'), (_, space: string, name: string) => {
    const value = String(values[name] ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return value ? space + value : '';
  });
  return fitSms(filled, maxSegments);
}
