import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * The pharmacist's review of a prescription: the review states (queue, information asked of the customer, second
 * signature for controlled drugs, expiry), who holds the claim on it, the decisions with the pharmacists'
 * registration numbers, and the uploaded images (stored through the file storage, one row per file). Prescriptions
 * uploaded as a photo may not yet name the prescriber or date; the pharmacist completes them when approving, and
 * the database refuses an approval without them. A controlled drug's second signature is never the first signer's.
 * `review_version` counts the review's changes, so the review workflow can tell a late signal from a new one.
 */
export const prescriptionReview: Migration = {
  name: '0012-prescription-review',
  up: (schema) => {
    const s = ident(schema);
    return [
      `alter table ${s}.app_user add column registration_number text`,
      `alter table ${s}.prescription drop constraint prescription_status_check`,
      `update ${s}.prescription set status = 'pending_review' where status = 'pending'`,
      `alter table ${s}.prescription alter column status set default 'pending_review'`,
      `alter table ${s}.prescription add constraint prescription_status_check
        check (status in ('pending_review', 'info_requested', 'awaiting_second_approval', 'approved', 'rejected', 'expired'))`,
      `alter table ${s}.prescription alter column prescriber_name drop not null`,
      `alter table ${s}.prescription alter column prescriber_registration_no drop not null`,
      `alter table ${s}.prescription alter column issued_at drop not null`,
      `alter table ${s}.prescription
        add column source text not null default 'entry' check (source in ('entry', 'upload')),
        add column claimed_by uuid references ${s}.app_user (id),
        add column claimed_at timestamptz,
        add column escalated_at timestamptz,
        add column expired_at timestamptz,
        add column needs_second_approval boolean not null default false,
        add column first_approved_by uuid references ${s}.app_user (id),
        add column first_approved_at timestamptz,
        add column first_approver_registration_no text,
        add column approver_registration_no text,
        add column rejecter_registration_no text,
        add column review_notes text,
        add column info_requests integer not null default 0,
        add column info_request text,
        add column info_requested_by uuid references ${s}.app_user (id),
        add column info_requested_at timestamptz,
        add column info_response text,
        add column info_provided_at timestamptz,
        add column review_version integer not null default 0,
        add constraint prescription_approval_complete check (
          status <> 'approved' or (prescriber_name is not null and prescriber_registration_no is not null and issued_at is not null
            and jsonb_array_length(items) > 0)),
        add constraint prescription_two_signers check (
          not needs_second_approval or status <> 'approved' or (first_approved_by is not null and approved_by <> first_approved_by))`,
      `create index prescription_queue_idx on ${s}.prescription (store_id, created_at)
        where status in ('pending_review', 'info_requested', 'awaiting_second_approval')`,
      `create table ${s}.prescription_image (
        id uuid primary key,
        prescription_id uuid not null references ${s}.prescription (id),
        storage_key text not null unique,
        content_type text not null,
        size integer not null check (size > 0),
        uploaded_by uuid,
        created_at timestamptz not null default now()
      )`,
      `create index prescription_image_prescription_idx on ${s}.prescription_image (prescription_id, created_at)`,
    ];
  },
};
