import { z } from 'zod';
import { text, uuid } from '../common/validation.js';

export const SEARCH_LIMIT = { default: 20, max: 50 };

/** Query-string numbers arrive as text; only whole numbers in range pass, so `limit=abc` or `limit=500` is a 400. */
const limit = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1).max(SEARCH_LIMIT.max))
  .default(SEARCH_LIMIT.default);

export const searchQuery = z.object({
  q: text(100).pipe(z.string().min(1, 'is required')),
  limit,
  storeId: uuid().optional(),
});

export type SearchQuery = z.infer<typeof searchQuery>;
