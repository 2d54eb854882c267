import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * Prescriptions (patient fields sealed with AES-256-GCM by the application, bound to the row and field), the record
 * of each dispensing against one, and the statutory registers sales write for India's Schedule H1 and X and Kenya's
 * controlled drugs. Register entries are never updated and cannot be deleted before their retention date; the
 * database enforces both, whatever path tries.
 */
export const prescriptionsRegisters: Migration = {
  name: '0006-prescriptions-registers',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.prescription (
        id uuid primary key,
        store_id uuid not null references ${s}.store (id),
        status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
        patient_name text not null,
        patient_phone text,
        patient_address text,
        prescriber_name text not null,
        prescriber_registration_no text not null,
        prescriber_address text,
        issued_at date not null,
        items jsonb not null,
        repeats integer not null default 0 check (repeats >= 0),
        dispensed integer not null default 0 check (dispensed >= 0),
        valid_until date,
        approved_by uuid references ${s}.app_user (id),
        approved_at timestamptz,
        rejected_by uuid references ${s}.app_user (id),
        rejected_at timestamptz,
        rejection_reason text,
        created_by uuid,
        created_at timestamptz not null default now(),
        check (dispensed <= repeats + 1),
        check (status <> 'approved' or (valid_until is not null and approved_at is not null))
      )`,
      `create index prescription_store_created_idx on ${s}.prescription (store_id, created_at desc)`,
      `create table ${s}.prescription_dispensing (
        id uuid primary key,
        prescription_id uuid not null references ${s}.prescription (id),
        sale_id uuid not null,
        pharmacist_id uuid,
        dispensed_at timestamptz not null default now(),
        unique (prescription_id, sale_id)
      )`,
      `create table ${s}.register_entry (
        id uuid primary key,
        entry_no bigint generated always as identity,
        kind text not null check (kind in ('h1', 'x', 'cd')),
        store_id uuid not null references ${s}.store (id),
        entry_date date not null,
        recorded_at timestamptz not null default now(),
        sale_id uuid not null references ${s}.sale (id),
        sale_line_id uuid not null references ${s}.sale_line (id),
        invoice_no text not null,
        prescription_id uuid not null references ${s}.prescription (id),
        patient_name text not null,
        patient_address text,
        prescriber_name text not null,
        prescriber_address text,
        prescriber_registration_no text not null,
        product_id uuid not null references ${s}.product (id),
        drug_name text not null,
        generic_name text not null default '',
        manufacturer text not null default '',
        schedule text not null,
        quantity integer not null check (quantity > 0),
        unit text not null,
        batches jsonb not null,
        pharmacist_id uuid,
        pharmacist_name text not null,
        retain_until date not null
      )`,
      `create index register_entry_kind_date_idx on ${s}.register_entry (kind, entry_date, entry_no)`,
      `create index register_entry_store_idx on ${s}.register_entry (store_id, kind, entry_date)`,
      // Statutory records: corrections are new entries, never edits; deletion only once the retention period is over.
      `create function ${s}.register_entry_retention() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' then
            raise exception 'register entries cannot be changed';
          end if;
          if tg_op = 'TRUNCATE' then
            raise exception 'register entries cannot be truncated';
          end if;
          if old.retain_until > current_date then
            raise exception 'register entry % must be kept until %', old.id, old.retain_until;
          end if;
          return old;
        end $$`,
      `create trigger register_entry_retention before update or delete on ${s}.register_entry
        for each row execute function ${s}.register_entry_retention()`,
      `create trigger register_entry_no_truncate before truncate on ${s}.register_entry
        for each statement execute function ${s}.register_entry_retention()`,
    ];
  },
};
