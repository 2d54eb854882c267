import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Problem } from '../common/problem.js';
import { zodPipe } from '../common/validation.js';
import { multipartBoundary, parseMultipartForm } from './multipart-form.js';
import type { UploadedScan } from './prescription-images.service.js';

/** The form parts an upload route reads: the JSON metadata and the scan. */
export const METADATA_PART = 'metadata';
export const FILE_PART = 'file';

/**
 * What an upload route was sent: either a JSON body (the fields, no scan), or multipart/form-data with a `metadata`
 * part holding the same fields as JSON and a `file` part holding the scan under its own content type. Fields are
 * validated with the route's schema either way; the scan's type and size are checked when it is stored.
 */
export function readUploadForm<T extends z.ZodType>(request: FastifyRequest, schema: T): { fields: z.infer<T>; scan?: UploadedScan } {
  const body = request.body;
  if (!Buffer.isBuffer(body)) return { fields: zodPipe(schema).transform(body) };
  const boundary = multipartBoundary(request.headers['content-type']);
  if (!boundary) throw Problem.badRequest('A multipart/form-data body needs the boundary parameter in its content type.');
  const parts = parseMultipartForm(body, boundary);
  const unknown = parts.filter((p) => p.name !== METADATA_PART && p.name !== FILE_PART).map((p) => p.name);
  const files = parts.filter((p) => p.name === FILE_PART);
  const metadata = parts.filter((p) => p.name === METADATA_PART);
  if (unknown.length || files.length > 1 || metadata.length > 1)
    throw Problem.badRequest(`Send at most one "${METADATA_PART}" part (JSON) and one "${FILE_PART}" part (the scan).`, [
      ...unknown.map((name) => ({ field: name, message: 'unknown part' })),
    ]);
  let fields: unknown = {};
  if (metadata.length) {
    try {
      fields = JSON.parse(metadata[0].body.toString('utf8'));
    } catch {
      throw Problem.validation([{ field: METADATA_PART, message: 'must be a JSON object' }]);
    }
  }
  const file = files[0];
  if (file && !file.contentType)
    throw Problem.validation([
      { field: FILE_PART, message: 'give the content type of the file (image/jpeg, image/png, application/pdf ...)' },
    ]);
  return {
    fields: zodPipe(schema).transform(fields),
    scan: file ? { bytes: new Uint8Array(file.body), declaredType: file.contentType! } : undefined,
  };
}
