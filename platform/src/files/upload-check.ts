import { Problem } from '../common/problem.js';
import { canonicalMediaType, sniffContentType, type SniffedType } from './content-sniffer.js';

const ACCEPTED = 'JPEG, PNG, WebP or HEIC images, or PDF documents';

/**
 * The content type an uploaded file is stored under: what its bytes say it is, which must be what the sender declared.
 * Refuses an empty or oversize file (413), a type other than images and PDF (415), and a file that is not what it
 * claims to be (415) — with problem details a person can act on.
 */
export function checkUpload(bytes: Uint8Array, declaredType: string, maxBytes: number): SniffedType {
  if (bytes.length > maxBytes) {
    throw new Problem(
      413,
      'file-too-large',
      'File too large',
      `The file is ${(bytes.length / 1_048_576).toFixed(1)} MiB; files may be at most ${(maxBytes / 1_048_576).toFixed(1)} MiB.`,
      { maxBytes },
    );
  }
  if (!bytes.length) throw Problem.badRequest('The file is empty.');
  const actual = sniffContentType(bytes);
  if (!actual) {
    throw new Problem(415, 'unsupported-file-type', 'Unsupported file type', `Only ${ACCEPTED} can be uploaded.`, { accepted: ACCEPTED });
  }
  if (canonicalMediaType(declaredType) !== actual) {
    throw new Problem(
      415,
      'file-type-mismatch',
      'File type does not match',
      `The file was sent as ${declaredType || 'no type'} but its contents are ${actual}. Send it again as ${actual}.`,
      { declaredType, actualType: actual },
    );
  }
  return actual;
}
