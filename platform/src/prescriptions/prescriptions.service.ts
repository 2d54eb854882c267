import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { abilityFor } from '../access/ability.factory.js';
import { asSubject } from '../access/ability.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { storeAccessSql } from '../common/store-access.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import { addDays } from '../inventory/expiry.js';
import { assertStoreExists, today } from '../inventory/inventory-context.js';
import { notificationRequests } from '../notifications/notification-events.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { uncoveredDemand, type RxDemand } from './prescription-coverage.js';
import { maySeePatientData } from './prescriptions.policy.js';
import type { PrescriptionInput, PrescriptionItem, RejectInput } from './prescriptions.schemas.js';

export const DEFAULT_PRESCRIPTION_VALIDITY_DAYS = 30;

export const prescriptionListSpec: ListSpec = {
  sortable: { createdAt: 'created_at', issuedAt: 'issued_at', validUntil: 'valid_until', status: 'status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['storeId', 'id', 'status'],
};

const PATIENT_FIELDS = ['name', 'phone', 'address'] as const;
type PatientField = (typeof PATIENT_FIELDS)[number];

interface PrescriptionRow {
  id: string;
  store_id: string;
  status: 'pending' | 'approved' | 'rejected';
  patient_name: string;
  patient_phone: string | null;
  patient_address: string | null;
  prescriber_name: string;
  prescriber_registration_no: string;
  prescriber_address: string | null;
  issued_day: string;
  items: PrescriptionItem[];
  repeats: number;
  dispensed: number;
  valid_day: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS = `*, to_char(issued_at, 'YYYY-MM-DD') as issued_day, to_char(valid_until, 'YYYY-MM-DD') as valid_day`;

/** "Asha Kumari" → "A*** K***": enough for a cashier to call the right customer, nothing more. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${[...word][0]}***`)
    .join(' ');
}

/** The patient and prescriber of a prescription a sale has just dispensed, for the statutory registers. */
export interface DispensedPrescription {
  id: string;
  patient: { name: string; address: string | null };
  prescriber: { name: string; registrationNo: string; address: string | null };
}

export interface DispenseRequest {
  prescriptionId: string;
  saleId: string;
  /** Prescription-only products of the sale and the base units sold of each. */
  lines: Array<{ productId: string; quantity: number }>;
  pharmacist: Actor;
}

/**
 * Prescriptions as records: recorded at the counter (status `pending`), reviewed by a pharmacist of the store
 * (approve sets the validity window and the number of dispensings; reject records why), and consumed one dispensing
 * at a time by sales. Patient name, phone and address are sealed with AES-256-GCM bound to the prescription and the
 * field, and shown in clear only to roles that need them. The review workflow (queues, SLAs) will call `approve` and
 * `reject` with its own scope and actor.
 */
@Injectable()
export class PrescriptionsService {
  constructor(
    private readonly audit: AuditService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    private readonly outbox: OutboxService,
  ) {}

  async create(scope: TenantScope, input: PrescriptionInput) {
    assertCan(scope, 'create', 'Prescription', { storeId: input.storeId });
    await assertStoreExists(scope, input.storeId);
    const productIds = [...new Set(input.items.flatMap((item) => (item.productId ? [item.productId] : [])))];
    const products = productIds.length
      ? await scope.em.execute<{ id: string; name: string }[]>(
          `select id, name from ${ident(scope.tenant.schemaName)}.product where id in (${productIds.map(() => '?').join(',')})`,
          productIds,
        )
      : [];
    const known = new Map(products.map((p) => [p.id, p.name]));
    const unknown = input.items.flatMap((item, i) =>
      item.productId && !known.has(item.productId) ? [{ field: `items.${i}.productId`, message: 'no such product' }] : [],
    );
    if (unknown.length) throw Problem.validation(unknown);
    if (input.issuedAt > today(scope)) throw Problem.validation([{ field: 'issuedAt', message: 'must not be in the future' }]);
    const id = randomUUID();
    const items = input.items.map((item) =>
      item.productId ? { productId: item.productId, name: known.get(item.productId)!, quantity: item.quantity } : item,
    );
    const s = ident(scope.tenant.schemaName);
    await scope.em.transactional(async (em) => {
      await em.execute(
        `insert into ${s}.prescription (id, store_id, status, patient_name, patient_phone, patient_address, prescriber_name,
           prescriber_registration_no, prescriber_address, issued_at, items, repeats, created_by)
         values (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
        [
          id,
          input.storeId,
          this.seal(id, 'name', input.patient.name),
          input.patient.phone === undefined ? null : this.seal(id, 'phone', input.patient.phone),
          this.seal(id, 'address', input.patient.address),
          input.prescriber.name,
          input.prescriber.registrationNo,
          input.prescriber.address,
          input.issuedAt,
          JSON.stringify(items),
          input.repeats,
          scope.actor?.id ?? null,
        ],
      );
      // Never patient data in the audit log: it is not encrypted.
      await this.audit.record(withEm(scope, em), {
        action: 'prescription.created',
        entityType: 'Prescription',
        entityId: id,
        after: {
          storeId: input.storeId,
          issuedAt: input.issuedAt,
          prescriber: input.prescriber.registrationNo,
          items,
          repeats: input.repeats,
        },
      });
    });
    return this.get(scope, id);
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, prescriptionListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'Prescription');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    for (const key of ['storeId', 'id'] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) {
        conditions.push(`${key === 'id' ? 'id' : 'store_id'} in (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
    }
    if (query.filter.status !== undefined) {
      if (!['pending', 'approved', 'rejected'].includes(query.filter.status as string))
        throw Problem.badRequest('filter.status must be pending, approved or rejected.', [
          { field: 'filter.status', message: 'must be pending, approved or rejected' },
        ]);
      conditions.push('status = ?');
      params.push(query.filter.status);
    }
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.prescription where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<PrescriptionRow[]>(
      `select ${COLUMNS} from ${s}.prescription where ${where} order by ${column} ${direction} nulls last, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map((row) => this.view(scope, row)), total: Number(count) };
  }

  async get(scope: TenantScope, id: string) {
    return this.view(scope, await this.readable(scope, id));
  }

  /** A pharmacist of the prescription's store approves it: valid from its issue date for the tenant's window. */
  async approve(scope: TenantScope, id: string, actor: Actor) {
    return this.review(scope, id, actor, 'approve', async (row, em) => {
      const validUntil = addDays(row.issued_day, scope.tenant.settings.prescriptionValidityDays ?? DEFAULT_PRESCRIPTION_VALIDITY_DAYS);
      if (validUntil < today(scope))
        throw Problem.unprocessable(`This prescription expired on ${validUntil}; it can no longer be approved.`, 'prescription-expired');
      await em.execute(
        `update ${ident(scope.tenant.schemaName)}.prescription set status = 'approved', approved_by = ?, approved_at = now(), valid_until = ? where id = ?`,
        [actor.id, validUntil, id],
      );
      return { validUntil, dispensingsAllowed: row.repeats + 1 };
    });
  }

  async reject(scope: TenantScope, id: string, input: RejectInput, actor: Actor) {
    return this.review(scope, id, actor, 'reject', async (_row, em) => {
      await em.execute(
        `update ${ident(scope.tenant.schemaName)}.prescription set status = 'rejected', rejected_by = ?, rejected_at = now(), rejection_reason = ? where id = ?`,
        [actor.id, input.reason, id],
      );
      return { reason: input.reason };
    });
  }

  /**
   * Consumes one dispensing for a sale, inside the sale's transaction (`scope.em` is the transaction's). The row is
   * locked first, so concurrent sales against the same prescription queue here and only one can take the last
   * dispensing. Anything that makes it unusable is a 422 `prescription-required` saying what is wrong.
   */
  async dispense(scope: TenantScope, request: DispenseRequest): Promise<DispensedPrescription> {
    const s = ident(scope.tenant.schemaName);
    const [row] = await scope.em.execute<PrescriptionRow[]>(`select ${COLUMNS} from ${s}.prescription where id = ? for update`, [
      request.prescriptionId,
    ]);
    const refuse = (reason: string, detail: string) =>
      Problem.unprocessable(`This sale needs a valid prescription: ${detail}`, 'prescription-required', {
        reason,
        prescriptionId: request.prescriptionId,
        productIds: request.lines.map((l) => l.productId),
      });
    if (!row) throw refuse('not-found', 'no such prescription.');
    if (row.status !== 'approved')
      throw refuse(
        `not-approved`,
        row.status === 'pending' ? 'the prescription has not been approved by a pharmacist yet.' : 'the prescription was rejected.',
      );
    if (row.valid_day! < today(scope)) throw refuse('expired', `the prescription expired on ${row.valid_day}.`);
    if (row.dispensed >= row.repeats + 1)
      throw refuse('no-repeats-left', `the prescription has been dispensed ${row.dispensed} time(s), all it allows.`);
    const uncovered = uncoveredDemand(row.items, await this.demands(scope, request.lines));
    if (uncovered.length) throw refuse('not-covered', `${uncovered.join('; ')}.`);
    await scope.em.execute(`update ${s}.prescription set dispensed = dispensed + 1 where id = ?`, [row.id]);
    await scope.em.execute(`insert into ${s}.prescription_dispensing (id, prescription_id, sale_id, pharmacist_id) values (?, ?, ?, ?)`, [
      randomUUID(),
      row.id,
      request.saleId,
      request.pharmacist.id,
    ]);
    return {
      id: row.id,
      patient: { name: this.open(row.id, 'name', row.patient_name)!, address: this.open(row.id, 'address', row.patient_address) },
      prescriber: { name: row.prescriber_name, registrationNo: row.prescriber_registration_no, address: row.prescriber_address },
    };
  }

  /**
   * The prescription a sale dispensed and the pharmacist who dispensed it, for a register entry written when the sale
   * completes later (a sale that waited for its gateway payment). Undefined when the sale dispensed none.
   */
  async dispensedFor(scope: TenantScope, saleId: string): Promise<(DispensedPrescription & { pharmacistId: string | null }) | undefined> {
    const s = ident(scope.tenant.schemaName);
    const [row] = await scope.em.execute<(PrescriptionRow & { pharmacist_id: string | null })[]>(
      `select p.*, d.pharmacist_id
       from ${s}.prescription_dispensing d join ${s}.prescription p on p.id = d.prescription_id where d.sale_id = ?`,
      [saleId],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      patient: { name: this.open(row.id, 'name', row.patient_name)!, address: this.open(row.id, 'address', row.patient_address) },
      prescriber: { name: row.prescriber_name, registrationNo: row.prescriber_registration_no, address: row.prescriber_address },
      pharmacistId: row.pharmacist_id,
    };
  }

  /**
   * Gives back the dispensing a sale took, when that sale is voided before it was paid: the patient may still buy the
   * medicine on this prescription. `scope.em` must be the void's transaction; the prescription row is locked first, in
   * the order sales take it.
   */
  async undoDispensing(scope: TenantScope, saleId: string): Promise<string | undefined> {
    const s = ident(scope.tenant.schemaName);
    const [dispensing] = await scope.em.execute<{ prescription_id: string }[]>(
      `select prescription_id from ${s}.prescription_dispensing where sale_id = ?`,
      [saleId],
    );
    if (!dispensing) return undefined;
    await scope.em.execute(`select id from ${s}.prescription where id = ? for update`, [dispensing.prescription_id]);
    await scope.em.execute(`delete from ${s}.prescription_dispensing where sale_id = ?`, [saleId]);
    await scope.em.execute(`update ${s}.prescription set dispensed = dispensed - 1 where id = ?`, [dispensing.prescription_id]);
    return dispensing.prescription_id;
  }

  /** What the patient is told about a reviewed prescription, with their name and phone in clear (system use only). */
  async decisionNotice(scope: TenantScope, id: string) {
    const s = ident(scope.tenant.schemaName);
    const [row] = await scope.em.execute<(PrescriptionRow & { store_name: string })[]>(
      `select p.*, to_char(p.valid_until, 'YYYY-MM-DD') as valid_day, st.name as store_name
       from ${s}.prescription p join ${s}.store st on st.id = p.store_id where p.id = ?`,
      [id],
    );
    if (!row) return undefined;
    return {
      storeId: row.store_id,
      storeName: row.store_name,
      status: row.status,
      patientName: this.open(row.id, 'name', row.patient_name)!,
      patientPhone: this.open(row.id, 'phone', row.patient_phone),
      validUntil: row.valid_day,
      rejectionReason: row.rejection_reason,
    };
  }

  private async demands(scope: TenantScope, lines: DispenseRequest['lines']): Promise<RxDemand[]> {
    const quantities = new Map<string, number>();
    for (const line of lines) quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
    const ids = [...quantities.keys()];
    const products = await scope.em.execute<{ id: string; name: string; generic_name: string; ingredients: Array<{ name: string }> }[]>(
      `select id, name, generic_name, ingredients from ${ident(scope.tenant.schemaName)}.product where id in (${ids.map(() => '?').join(',')}) order by id`,
      ids,
    );
    return products.map((p) => ({
      productId: p.id,
      productName: p.name,
      genericName: p.generic_name,
      ingredientNames: p.ingredients.map((i) => i.name),
      quantity: quantities.get(p.id)!,
    }));
  }

  private async review<T extends Record<string, unknown>>(
    scope: TenantScope,
    id: string,
    actor: Actor,
    decision: 'approve' | 'reject',
    apply: (row: PrescriptionRow, em: TenantScope['em']) => Promise<T>,
  ) {
    await this.readable(scope, id);
    await scope.em.transactional(async (em) => {
      const [row] = await em.execute<PrescriptionRow[]>(
        `select ${COLUMNS} from ${ident(scope.tenant.schemaName)}.prescription where id = ? for update`,
        [id],
      );
      // The reviewer's own rights decide, whoever calls: a pharmacist assigned to the prescription's store.
      const reviewer = asSubject('Prescription', { storeId: row.store_id });
      if (
        !actor.roles.includes('pharmacist') ||
        !abilityFor(actor).can('update', reviewer) ||
        (scope.ability && !scope.ability.can('update', reviewer))
      )
        throw Problem.forbidden(`Only a pharmacist of this store can ${decision} a prescription.`, 'pharmacist-required');
      if (row.status !== 'pending')
        throw Problem.conflict(
          `This prescription was already ${row.status}; only a pending prescription can be reviewed.`,
          'prescription-reviewed',
        );
      const outcome = await apply(row, em);
      const decided = decision === 'approve' ? 'approved' : 'rejected';
      // The patient hears about it only once the decision has committed, and only if they left a phone number.
      if (row.patient_phone) await this.outbox.emit(withEm(scope, em), notificationRequests.prescriptionDecision(id, decided));
      await this.audit.record(withEm(scope, em), {
        action: `prescription.${decision === 'approve' ? 'approved' : 'rejected'}`,
        entityType: 'Prescription',
        entityId: id,
        before: { status: row.status },
        after: { status: decided, by: actor.id, ...outcome },
      });
    });
    return this.get(scope, id);
  }

  /** The prescription if the actor may read it; 404 otherwise, so its existence does not leak. */
  private async readable(scope: TenantScope, id: string): Promise<PrescriptionRow> {
    const access = storeAccessSql(scope, 'read', 'Prescription');
    const [row] = await scope.em.execute<PrescriptionRow[]>(
      `select ${COLUMNS} from ${ident(scope.tenant.schemaName)}.prescription where id = ?${access ? ` and ${access.sql}` : ''}`,
      [id, ...(access?.params ?? [])],
    );
    if (!row) throw Problem.notFound('Prescription');
    return row;
  }

  private view(scope: TenantScope, row: PrescriptionRow) {
    const name = this.open(row.id, 'name', row.patient_name)!;
    const patient = maySeePatientData(scope.actor)
      ? { name, phone: this.open(row.id, 'phone', row.patient_phone), address: this.open(row.id, 'address', row.patient_address) }
      : { name: maskName(name), masked: true };
    return {
      id: row.id,
      storeId: row.store_id,
      status: row.status,
      patient,
      prescriber: { name: row.prescriber_name, registrationNo: row.prescriber_registration_no, address: row.prescriber_address },
      issuedAt: row.issued_day,
      items: row.items,
      repeats: row.repeats,
      dispensingsAllowed: row.repeats + 1,
      dispensed: row.dispensed,
      dispensingsLeft: row.status === 'approved' ? row.repeats + 1 - row.dispensed : 0,
      validUntil: row.valid_day,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at,
      rejectedBy: row.rejected_by,
      rejectedAt: row.rejected_at,
      rejectionReason: row.rejection_reason,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }

  private seal(id: string, field: PatientField, value: string): string {
    return this.cipher.encrypt(value, `prescription:${id}:${field}`);
  }

  private open(id: string, field: PatientField, sealed: string | null): string | null {
    return sealed === null ? null : this.cipher.decrypt(sealed, `prescription:${id}:${field}`);
  }
}
