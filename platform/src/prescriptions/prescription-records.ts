import { Inject, Injectable } from '@nestjs/common';
import type { ListQuery } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { storeAccessSql } from '../common/store-access.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import { maySeePatientData } from './prescriptions.policy.js';
import type { PrescriptionItem } from './prescriptions.schemas.js';

export const PRESCRIPTION_STATUSES = [
  'pending_review',
  'info_requested',
  'awaiting_second_approval',
  'approved',
  'rejected',
  'expired',
] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

/** Statuses still waiting for a pharmacist's decision: what the store's queue shows and what can expire. */
export const OPEN_STATUSES: readonly PrescriptionStatus[] = ['pending_review', 'info_requested', 'awaiting_second_approval'];

const PATIENT_FIELDS = ['name', 'phone', 'address'] as const;
export type PatientField = (typeof PATIENT_FIELDS)[number];

export interface PrescriptionRow {
  id: string;
  store_id: string;
  status: PrescriptionStatus;
  source: 'entry' | 'upload';
  patient_name: string;
  patient_phone: string | null;
  patient_address: string | null;
  prescriber_name: string | null;
  prescriber_registration_no: string | null;
  prescriber_address: string | null;
  issued_day: string | null;
  items: PrescriptionItem[];
  repeats: number;
  dispensed: number;
  valid_day: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  approver_registration_no: string | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  rejecter_registration_no: string | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: Date | null;
  escalated_at: Date | null;
  escalations: number;
  expired_at: Date | null;
  needs_second_approval: boolean;
  first_approved_by: string | null;
  first_approved_at: Date | null;
  first_approver_registration_no: string | null;
  review_notes: string | null;
  info_requests: number;
  info_request: string | null;
  info_requested_by: string | null;
  info_requested_at: Date | null;
  info_response: string | null;
  info_provided_at: Date | null;
  review_version: number;
  created_by: string | null;
  created_at: Date;
  waiting_seconds: number;
}

export interface ImageRow {
  id: string;
  prescription_id: string;
  storage_key: string;
  content_type: string;
  size: number;
  created_at: Date;
}

/** The prescription columns as a row reads them, with the claimer's name and how long it has waited. */
export function selectPrescriptions(schema: string): string {
  const s = ident(schema);
  return `select p.*, to_char(p.issued_at, 'YYYY-MM-DD') as issued_day, to_char(p.valid_until, 'YYYY-MM-DD') as valid_day,
      cu.name as claimed_by_name, floor(extract(epoch from now() - p.created_at))::int as waiting_seconds
    from ${s}.prescription p left join ${s}.app_user cu on cu.id = p.claimed_by`;
}

/** The conditions of a list of prescriptions (`p`), built up filter by filter. */
export class PrescriptionFilter {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** `column in (...)`; nothing when the filter was not given. */
  in(column: string, values: readonly string[] | undefined): this {
    if (values) this.where(`${column} in (${values.map(() => '?').join(',')})`, values);
    return this;
  }

  where(sql: string, params: readonly unknown[] = []): this {
    this.conditions.push(sql);
    this.params.push(...params);
    return this;
  }
}

/** "Asha Kumari" → "A*** K***": enough for a cashier to call the right customer, nothing more. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${[...word][0]}***`)
    .join(' ');
}

/**
 * Reading and writing prescription rows as the API shows them: patient name, phone and address sealed with
 * AES-256-GCM bound to the prescription and the field and opened only for roles that need them, the access check
 * that hides other stores' prescriptions, and the row lock every review decision takes.
 */
@Injectable()
export class PrescriptionRecords {
  constructor(@Inject(FieldCipher) private readonly cipher: FieldCipher) {}

  /** The prescription if the actor may read it; 404 otherwise, so its existence does not leak. */
  async readable(scope: TenantScope, id: string): Promise<PrescriptionRow> {
    const access = storeAccessSql(scope, 'read', 'Prescription', 'p.store_id');
    const [row] = await scope.em.execute<PrescriptionRow[]>(
      `${selectPrescriptions(scope.tenant.schemaName)} where p.id = ?${access ? ` and ${access.sql}` : ''}`,
      [id, ...(access?.params ?? [])],
    );
    if (!row) throw Problem.notFound('Prescription');
    return row;
  }

  /** One page of the prescriptions matching `filter` among those the actor may read, as the list dialect wants it. */
  async page(scope: TenantScope, filter: PrescriptionFilter, query: ListQuery) {
    const access = storeAccessSql(scope, 'read', 'Prescription', 'p.store_id');
    if (access) filter.where(access.sql, access.params);
    const where = filter.conditions.length ? filter.conditions.join(' and ') : 'true';
    const [{ count }] = await scope.em.execute<{ count: string }[]>(
      `select count(*) from ${ident(scope.tenant.schemaName)}.prescription p where ${where}`,
      filter.params,
    );
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<PrescriptionRow[]>(
      `${selectPrescriptions(scope.tenant.schemaName)} where ${where} order by ${column} ${direction} nulls last, p.id limit ? offset ?`,
      [...filter.params, query.limit, query.offset],
    );
    return { query, rows: await this.views(scope, rows), total: Number(count) };
  }

  /** The row locked for a decision; `scope.em` must be the transaction's. */
  async locked(scope: TenantScope, id: string): Promise<PrescriptionRow | undefined> {
    const [row] = await scope.em.execute<PrescriptionRow[]>(
      `${selectPrescriptions(scope.tenant.schemaName)} where p.id = ? for update of p`,
      [id],
    );
    return row;
  }

  async images(scope: TenantScope, prescriptionIds: string[]): Promise<Map<string, ImageRow[]>> {
    const byPrescription = new Map<string, ImageRow[]>(prescriptionIds.map((id) => [id, []]));
    if (!prescriptionIds.length) return byPrescription;
    const rows = await scope.em.execute<ImageRow[]>(
      `select * from ${ident(scope.tenant.schemaName)}.prescription_image where prescription_id in (${prescriptionIds.map(() => '?').join(',')})
       order by created_at, id`,
      prescriptionIds,
    );
    for (const row of rows) byPrescription.get(row.prescription_id)!.push(row);
    return byPrescription;
  }

  async views(scope: TenantScope, rows: PrescriptionRow[]) {
    const images = await this.images(
      scope,
      rows.map((row) => row.id),
    );
    return rows.map((row) => this.view(scope, row, images.get(row.id)!));
  }

  async viewOne(scope: TenantScope, row: PrescriptionRow) {
    return (await this.views(scope, [row]))[0];
  }

  seal(id: string, field: PatientField, value: string): string {
    return this.cipher.encrypt(value, `prescription:${id}:${field}`);
  }

  open(id: string, field: PatientField, sealed: string | null): string | null {
    return sealed === null ? null : this.cipher.decrypt(sealed, `prescription:${id}:${field}`);
  }

  private view(scope: TenantScope, row: PrescriptionRow, images: ImageRow[]) {
    const name = this.open(row.id, 'name', row.patient_name)!;
    const patient = maySeePatientData(scope.actor)
      ? { name, phone: this.open(row.id, 'phone', row.patient_phone), address: this.open(row.id, 'address', row.patient_address) }
      : { name: maskName(name), masked: true };
    return {
      id: row.id,
      storeId: row.store_id,
      status: row.status,
      source: row.source,
      patient,
      prescriber: row.prescriber_name
        ? { name: row.prescriber_name, registrationNo: row.prescriber_registration_no, address: row.prescriber_address }
        : null,
      issuedAt: row.issued_day,
      items: row.items,
      repeats: row.repeats,
      dispensingsAllowed: row.repeats + 1,
      dispensed: row.dispensed,
      dispensingsLeft: row.status === 'approved' ? row.repeats + 1 - row.dispensed : 0,
      validUntil: row.valid_day,
      images: images.map((image) => ({ id: image.id, contentType: image.content_type, size: image.size, uploadedAt: image.created_at })),
      claimedBy: row.claimed_by ? { id: row.claimed_by, name: row.claimed_by_name, at: row.claimed_at } : null,
      waitingSeconds: (OPEN_STATUSES as string[]).includes(row.status) ? row.waiting_seconds : null,
      escalatedAt: row.escalated_at,
      escalations: row.escalations,
      needsSecondApproval: row.needs_second_approval,
      firstApprovedBy: row.first_approved_by,
      firstApprovedAt: row.first_approved_at,
      firstApproverRegistrationNo: row.first_approver_registration_no,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at,
      approverRegistrationNo: row.approver_registration_no,
      rejectedBy: row.rejected_by,
      rejectedAt: row.rejected_at,
      rejectionReason: row.rejection_reason,
      rejecterRegistrationNo: row.rejecter_registration_no,
      reviewNotes: row.review_notes,
      infoRequest: row.info_request
        ? {
            message: row.info_request,
            requestedBy: row.info_requested_by,
            requestedAt: row.info_requested_at,
            response: row.info_response,
            providedAt: row.info_provided_at,
          }
        : null,
      expiredAt: row.expired_at,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }
}
