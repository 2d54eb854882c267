import { PluginInputError, type FieldIssue } from '@dawa/plugin-sdk';

/** S3's limit on user metadata (names and values of the x-amz-meta-* headers together). */
const MAX_METADATA_BYTES = 2048;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Object metadata as S3 user metadata. S3 lower-cases names and only carries ASCII header values, so names must be
 * lower-case words (anything else would come back renamed) and values are percent-encoded so that any text round-trips.
 */
export function toS3Metadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const issues: FieldIssue[] = Object.keys(metadata)
    .filter((name) => !NAME.test(name))
    .map((name) => ({
      field: `metadata.${name}`,
      message: 'S3 keeps metadata names in lower case: use lower-case letters, digits and hyphens',
    }));
  const encoded = Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name, encodeURIComponent(value.toWellFormed())]));
  const size = Object.entries(encoded).reduce((total, [name, value]) => total + name.length + value.length, 0);
  if (size > MAX_METADATA_BYTES)
    issues.push({ field: 'metadata', message: `S3 keeps at most ${MAX_METADATA_BYTES} bytes of metadata per object` });
  if (issues.length) throw new PluginInputError(issues);
  return encoded;
}

export function fromS3Metadata(metadata: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([name, value]) => [name, safeDecode(value)]));
}

/** Metadata someone else wrote to the bucket need not be percent-encoded; it is returned as it is. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
