import { z } from 'zod';
import { text, uuid } from '../common/validation.js';

export const returnInput = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        saleLineId: uuid(),
        quantity: z.number().int('must be a whole number of base units (tablets, ml)').min(1).max(100_000),
        /**
         * Required, not defaulted: whether a returned medicine may go back on the shelf (sealed, stored properly) is a
         * decision the counter must make for every line, not something that happens by omission.
         */
        restock: z.boolean({ message: 'must be true (back on the shelf) or false (damaged or opened: written off)' }),
      }),
    )
    .min(1, 'a return needs at least one line')
    .max(200),
  reason: text(300).min(3, 'say why the goods came back'),
});
export type ReturnInput = z.infer<typeof returnInput>;
