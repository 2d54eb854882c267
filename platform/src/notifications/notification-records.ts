import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageStatus } from '@dawa/plugin-sdk';
import { ident } from '../database/sql.js';
import type { NotificationChannel, NotificationEvent } from './notification-events.js';

export const NOTIFICATION_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'undelivered', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationRow {
  id: string;
  business_key: string;
  event_type: NotificationEvent;
  channel: NotificationChannel;
  store_id: string | null;
  language: string | null;
  template: string | null;
  recipient_masked: string | null;
  status: NotificationStatus;
  reason: string | null;
  provider_ref: string | null;
  attempts: number;
  send_started_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** The vendor's word for a message's state, in ours (`read` is a delivered message someone opened). */
export function fromVendorStatus(status: MessageStatus): NotificationStatus {
  return status === 'read' ? 'delivered' : status;
}

/**
 * How far along a message is. A status only ever moves forward: a late `sent` callback never undoes `delivered`, and
 * the final answers (delivered, failed, undelivered) are never replaced.
 */
export const STATUS_RANK_SQL = `case status when 'queued' then 0 when 'sent' then 1 else 2 end`;
const rankOf = (status: NotificationStatus) => (status === 'queued' ? 0 : status === 'sent' ? 1 : 2);

/**
 * Applies a vendor's delivery report to the message it sent under `providerRef`, unless the message is already as
 * far along or further. Returns whether a message with that reference exists.
 */
export async function applyDeliveryReport(
  em: EntityManager,
  schema: string,
  report: { providerRef: string; status: NotificationStatus; errorCode?: string },
): Promise<{ found: boolean; updated: boolean }> {
  const s = ident(schema);
  const updated = await em.execute<{ id: string }[]>(
    `update ${s}.notification set status = ?, last_error = coalesce(?, last_error), updated_at = now()
     where provider_ref = ? and status <> 'skipped' and ${STATUS_RANK_SQL} < ?
     returning id`,
    [report.status, report.errorCode ? `vendor error ${report.errorCode}` : null, report.providerRef, rankOf(report.status)],
  );
  if (updated.length) return { found: true, updated: true };
  const [existing] = await em.execute(`select 1 from ${s}.notification where provider_ref = ?`, [report.providerRef]);
  return { found: Boolean(existing), updated: false };
}
