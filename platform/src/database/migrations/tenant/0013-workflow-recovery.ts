import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * What the workflow recovery sweep and the repeated escalation need:
 *
 * - `prescription.review_workflow_at` / `purchase_order.workflow_at`: when the record's workflow was known to be
 *   running (its start or a signal-with-start succeeded). Null means its start was lost (Temporal was unreachable),
 *   and the sweep starts it; the partial indexes keep that lookup cheap however many records there are. Records from
 *   before this migration are taken as started, since they were started or picked up by their next step.
 * - `prescription.escalations`: how many unclaimed waits have been escalated, so an escalation activity repeated
 *   after a crash does nothing while a later wait escalates again.
 */
export const workflowRecovery: Migration = {
  name: '0013-workflow-recovery',
  up: (schema) => {
    const s = ident(schema);
    return [
      `alter table ${s}.prescription
        add column review_workflow_at timestamptz,
        add column escalations integer not null default 0`,
      `update ${s}.prescription set review_workflow_at = created_at, escalations = case when escalated_at is null then 0 else 1 end`,
      `create index prescription_workflow_missing_idx on ${s}.prescription (created_at)
        where review_workflow_at is null and status in ('pending_review', 'info_requested', 'awaiting_second_approval')`,
      `alter table ${s}.purchase_order add column workflow_at timestamptz`,
      `update ${s}.purchase_order set workflow_at = coalesce(submitted_at, created_at) where status <> 'draft'`,
      `create index purchase_order_workflow_missing_idx on ${s}.purchase_order (submitted_at)
        where workflow_at is null and status in ('pending_approval', 'approved', 'sent', 'partially_received', 'received')`,
    ];
  },
};
