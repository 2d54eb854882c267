import { z } from 'zod';
import { isDate } from '../common/list-query.js';
import { text, uuid } from '../common/validation.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, type NotificationChannel, type NotificationEvent } from './notification-events.js';

/** `sale.receipt:sms:hi`: a template's id is what it is for, so the console can address a built-in one too. */
export const templateId = z
  .string()
  .regex(/^[a-z.]+:[a-z]+:[a-z]{2}$/, 'must look like sale.receipt:sms:en')
  .transform((id, ctx) => {
    const [eventType, channel, language] = id.split(':');
    if (!(NOTIFICATION_EVENTS as readonly string[]).includes(eventType)) {
      ctx.addIssue({ code: 'custom', message: `the event must be one of ${NOTIFICATION_EVENTS.join(', ')}` });
      return z.NEVER;
    }
    if (!(NOTIFICATION_CHANNELS as readonly string[]).includes(channel)) {
      ctx.addIssue({ code: 'custom', message: `the channel must be one of ${NOTIFICATION_CHANNELS.join(', ')}` });
      return z.NEVER;
    }
    return { eventType: eventType as NotificationEvent, channel: channel as NotificationChannel, language };
  });
export type TemplateKey = z.output<typeof templateId>;

/** react-admin's update sends the whole record back (id, source, placeholders...): only these two are read. */
export const templateInput = z.object({
  body: text(1000).pipe(z.string().min(1, 'is required')),
  active: z.boolean().default(true),
});
export type TemplateInput = z.infer<typeof templateInput>;

export const optOutInput = z.strictObject({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9\s-]{6,18}$/, 'must be a phone number such as +919812345678'),
  channel: z.enum(NOTIFICATION_CHANNELS).default('sms'),
  reason: text(200).pipe(z.string().min(1)).default('the customer asked not to be messaged'),
});
export type OptOutInput = z.infer<typeof optOutInput>;

export const digestRunInput = z.strictObject({
  /** The business date the digest is for; the tenant's today when left out. */
  date: z.string().refine(isDate, 'must be a date like 2026-11-21').optional(),
  storeId: uuid().optional(),
});
export type DigestRunInput = z.infer<typeof digestRunInput>;
