import { type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { Problem, type FieldError } from './problem.js';

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}

/** Parses a request body, query or param with a zod schema; anything invalid becomes a 400 with field errors. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    // No body at all is an empty object for object schemas (POST /suspend); an explicit JSON null is not.
    const result = this.schema.safeParse(value === undefined && this.schema instanceof z.ZodObject ? {} : value);
    if (!result.success) throw Problem.validation(zodFieldErrors(result.error));
    return result.data;
  }
}

export const zodPipe = <T extends z.ZodType>(schema: T) => new ZodPipe(schema);

/** The JSON schema of a request body for the OpenAPI document, generated from the same zod schema that validates it. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

/**
 * Strings people type: trimmed, no control characters and no markup. Names and addresses end up on invoices, SMS and
 * screens; markup there is either a mistake or an attack, so it is refused rather than stored and escaped later.
 * Quotes stay allowed (D'Souza): SQL is always parameterised, so they are just text.
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), 'must not contain control characters')
    .refine((v) => !/<\s*[a-z!/?]/i.test(v), 'must not contain markup such as <script>');

export const email = () => z.string().trim().toLowerCase().max(254).pipe(z.email('must be a valid email address'));

export const password = () => z.string().min(10, 'must be at least 10 characters').max(200);

export const uuid = () => z.uuid('must be a UUID');

/**
 * The update form of a create schema: every field optional, defaults removed (zod's `.partial()` keeps them, which
 * would silently reset omitted fields to their defaults on PUT), and unknown keys dropped rather than refused because
 * react-admin's update sends the whole record back, read-only fields included.
 */
export function updateSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional(),
    ]),
  ) as unknown as { [K in keyof Shape]: z.ZodOptional<Shape[K] extends z.ZodDefault<infer Inner> ? Inner : Shape[K]> };
  return z.object(fields);
}
