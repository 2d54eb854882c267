import { z } from 'zod';
import { email } from '../common/validation.js';

export const loginInput = z.strictObject({
  email: email(),
  password: z.string().min(1, 'is required').max(200),
  totp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app')
    .optional(),
});
export type LoginInput = z.infer<typeof loginInput>;

export const refreshInput = z.strictObject({ refreshToken: z.string().min(20).max(200) });

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200),
  newPassword: z.string().min(10, 'must be at least 10 characters').max(200),
});

export const totpCodeInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be a 6-digit code'),
});
