import { z } from 'zod';
import { ROLES } from '../access/roles.js';
import { email, password, text, uuid } from '../common/validation.js';

const roles = z
  .array(z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }))
  .min(1, 'give at least one role')
  .max(ROLES.length);
const storeIds = z.array(uuid()).max(500);
const phone = z
  .string()
  .trim()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an international phone number such as +919812345678');

export const userInput = z.strictObject({
  email: email(),
  name: text(120).pipe(z.string().min(1, 'is required')),
  password: password(),
  phone: phone.optional(),
  roles,
  storeIds: storeIds.default([]),
});
export type UserInput = z.infer<typeof userInput>;

/**
 * react-admin's update sends the whole record back (id, timestamps and all), so read-only fields are accepted and
 * ignored here rather than refused.
 */
export const userUpdate = z.object({
  email: email().optional(),
  name: text(120).pipe(z.string().min(1, 'is required')).optional(),
  password: password().optional(),
  phone: phone.nullable().optional(),
  roles: roles.optional(),
  storeIds: storeIds.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UserUpdate = z.infer<typeof userUpdate>;
