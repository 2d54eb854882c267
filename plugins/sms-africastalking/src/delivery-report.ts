import {
  PluginInputError,
  safeEqual,
  WebhookVerificationError,
  z,
  type Clock,
  type IncomingWebhook,
  type MessageStatus,
  type MessageStatusEvent,
} from '@dawa/plugin-sdk';

/** Delivery report statuses, from the SMS notifications documentation, in Dawa's terms. */
const STATUSES = {
  Sent: 'sent', // left Africa's Talking
  Submitted: 'sent', // handed to the mobile network
  Buffered: 'sent', // queued by the mobile network
  Success: 'delivered',
  Rejected: 'failed',
  Failed: 'failed',
  AbsentSubscriber: 'undelivered', // phone off or out of coverage
  Expired: 'undelivered', // discarded by the network's filters
} as const satisfies Record<string, MessageStatus>;

/** The form fields of a delivery report. */
const deliveryReport = z.object({
  id: z.string().min(1),
  status: z.enum(Object.keys(STATUSES) as [keyof typeof STATUSES]),
  phoneNumber: z.string().min(1),
  networkCode: z.string().optional(),
  failureReason: z.string().optional(),
  retryCount: z.coerce.number().int().nonnegative().optional(),
});

/**
 * Africa's Talking signs nothing, so a report is believed only if it came to the tenant's secret URL: the last path
 * segment must be the tenant's callback token (compared in constant time); then the fields must have the report's shape.
 */
export function parseDeliveryReport(webhook: IncomingWebhook, callbackToken: string, clock: Clock): MessageStatusEvent[] {
  const pathToken = new URL(webhook.url).pathname.split('/').pop() ?? '';
  if (!safeEqual(pathToken, callbackToken)) {
    throw new WebhookVerificationError('The delivery report did not come to the URL with this tenant’s token');
  }
  const fields = Object.fromEntries(new URLSearchParams(Buffer.from(webhook.rawBody).toString('utf8')));
  const report = deliveryReport.safeParse(fields);
  if (!report.success) {
    throw new PluginInputError(report.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })));
  }
  const { id, status, failureReason } = report.data;
  return [
    {
      eventId: `${id}:${status}`,
      providerRef: id,
      status: STATUSES[status],
      ...(failureReason && { errorCode: failureReason }),
      occurredAt: clock.now(),
    },
  ];
}
