import { z } from 'zod';
import { text, updateSchema } from '../common/validation.js';

export const storeInput = z.strictObject({
  code: text(20).pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/, 'must be letters, digits and dashes (up to 20)')),
  name: text(120).pipe(z.string().min(1, 'is required')),
  address: text(500).default(''),
  region: text(60).default(''),
});

export type StoreInput = z.infer<typeof storeInput>;

export const storeUpdate = updateSchema(storeInput.shape);
export type StoreUpdate = z.infer<typeof storeUpdate>;
