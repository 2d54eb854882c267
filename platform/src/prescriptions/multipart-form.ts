import { Problem } from '../common/problem.js';

/** One part of a multipart/form-data body: a text field, or a file with the type its sender declared. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

/** A prescription upload is a metadata field and one file; anything much beyond that is not a client of ours. */
const MAX_PARTS = 8;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

const malformed = (detail: string) => Problem.badRequest(`The multipart body could not be read: ${detail}`);

/** The boundary of a `multipart/form-data; boundary=...` content type (RFC 7578), quoted or not. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = /^\s*multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

function parameter(header: string, name: string): string | undefined {
  const match =
    new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return match?.[1].replace(/\\(.)/g, '$1');
}

/**
 * Splits a buffered multipart/form-data body into its parts. Bodies here are small (one scan and a line of JSON,
 * capped by the route's body limit), so reading them whole is simpler and no slower than streaming; a body that does
 * not follow the format is a 400 saying what is wrong, never a half-read upload.
 */
export function parseMultipartForm(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at !== 0 && at !== -1 && !body.subarray(at - 2, at).equals(CRLF)) at = -1;
  if (at === -1) throw malformed('the boundary of its content type does not occur in it.');
  const parts: FormPart[] = [];
  const separator = Buffer.concat([CRLF, delimiter]);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return parts;
    if (!body.subarray(afterDelimiter, afterDelimiter + 2).equals(CRLF)) throw malformed('a boundary is not followed by a line break.');
    const headersEnd = body.indexOf(HEADER_END, afterDelimiter + 2);
    if (headersEnd === -1) throw malformed('a part has no end to its headers.');
    const next = body.indexOf(separator, headersEnd + HEADER_END.length);
    if (next === -1) throw malformed('the closing boundary is missing.');
    if (parts.length === MAX_PARTS) throw malformed(`it has more than ${MAX_PARTS} parts.`);
    parts.push(part(body.subarray(afterDelimiter + 2, headersEnd).toString('utf8'), body.subarray(headersEnd + HEADER_END.length, next)));
    at = next + CRLF.length;
  }
}

function part(headerText: string, body: Buffer): FormPart {
  const headers = new Map(
    headerText.split('\r\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  const disposition = headers.get('content-disposition') ?? '';
  const name = parameter(disposition, 'name');
  if (!/^form-data\b/i.test(disposition) || !name) throw malformed('a part has no form-data name.');
  return { name, filename: parameter(disposition, 'filename'), contentType: headers.get('content-type'), body };
}
