import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, stringList, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { assertStoreExists, today } from '../inventory/inventory-context.js';
import { uncoveredDemand, type RxDemand } from './prescription-coverage.js';
import { PrescriptionImagesService, type StoredScan, type UploadedScan } from './prescription-images.service.js';
import { recordedItems } from './prescription-items.js';
import { PrescriptionReviewWorkflow } from './prescription-review-workflow.js';
import {
  PRESCRIPTION_STATUSES,
  PrescriptionFilter,
  PrescriptionRecords,
  type PrescriptionRow,
  type PrescriptionStatus,
} from './prescription-records.js';
import type { PrescriptionInput, UploadMetadata } from './prescriptions.schemas.js';

export const DEFAULT_PRESCRIPTION_VALIDITY_DAYS = 30;

const NOT_APPROVED: Record<PrescriptionStatus, string> = {
  pending_review: 'the prescription has not been approved by a pharmacist yet.',
  info_requested: 'the pharmacist is waiting for more information before approving the prescription.',
  awaiting_second_approval: 'the prescription is for a controlled drug and waits for a second pharmacist to approve it.',
  approved: '',
  rejected: 'the prescription was rejected.',
  expired: 'the prescription was not reviewed in time and its review expired.',
};

export const prescriptionListSpec: ListSpec = {
  sortable: { createdAt: 'p.created_at', issuedAt: 'p.issued_at', validUntil: 'p.valid_until', status: 'p.status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['storeId', 'id', 'status'],
};

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
 * Prescriptions as records: recorded at the counter or uploaded as a scan, both entering the store's review queue
 * (`pending_review`, see PrescriptionReviewService for the decisions), and consumed one dispensing at a time by sales
 * once approved. Patient name, phone and address are sealed (PrescriptionRecords) and shown in clear only to roles
 * that need them.
 */
@Injectable()
export class PrescriptionsService {
  constructor(
    private readonly audit: AuditService,
    private readonly records: PrescriptionRecords,
    private readonly images: PrescriptionImagesService,
    private readonly workflow: PrescriptionReviewWorkflow,
  ) {}

  /** A prescription typed in at the counter, complete: it goes to the store's pharmacists for review. */
  async create(scope: TenantScope, input: PrescriptionInput) {
    return this.record(scope, input, 'entry');
  }

  /**
   * A prescription brought as a scan (or typed in without one): the file is stored in the tenant's storage first,
   * then the prescription and its image are recorded together; if that fails the file is removed again.
   */
  async upload(scope: TenantScope, metadata: UploadMetadata, scan: UploadedScan | undefined) {
    return this.record(scope, metadata, 'upload', scan);
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, prescriptionListSpec);
    const where = new PrescriptionFilter();
    where.in('p.store_id', uuidList(query.filter, 'storeId'));
    where.in('p.id', uuidList(query.filter, 'id'));
    const statuses = stringList(query.filter, 'status');
    if (statuses && !statuses.every((status) => (PRESCRIPTION_STATUSES as readonly string[]).includes(status)))
      throw Problem.badRequest(`filter.status must be one of ${PRESCRIPTION_STATUSES.join(', ')}.`, [
        { field: 'filter.status', message: `must be one of ${PRESCRIPTION_STATUSES.join(', ')}` },
      ]);
    where.in('p.status', statuses);
    return this.records.page(scope, where, query);
  }

  async get(scope: TenantScope, id: string) {
    return this.records.viewOne(scope, await this.records.readable(scope, id));
  }

  /**
   * Consumes one dispensing for a sale, inside the sale's transaction (`scope.em` is the transaction's). The row is
   * locked first, so concurrent sales against the same prescription queue here and only one can take the last
   * dispensing. Anything that makes it unusable is a 422 `prescription-required` saying what is wrong.
   */
  async dispense(scope: TenantScope, request: DispenseRequest): Promise<DispensedPrescription> {
    const s = ident(scope.tenant.schemaName);
    const row = await this.records.locked(scope, request.prescriptionId);
    const refuse = (reason: string, detail: string) =>
      Problem.unprocessable(`This sale needs a valid prescription: ${detail}`, 'prescription-required', {
        reason,
        prescriptionId: request.prescriptionId,
        productIds: request.lines.map((l) => l.productId),
      });
    if (!row) throw refuse('not-found', 'no such prescription.');
    if (row.status !== 'approved') throw refuse('not-approved', NOT_APPROVED[row.status]);
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
    return this.dispensed(row);
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
    return { ...this.dispensed(row), pharmacistId: row.pharmacist_id };
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

  /**
   * What a notification about a prescription needs, with the patient's name and phone in clear (system use only):
   * the decision or the pharmacist's question for the patient, how long it waited for the store's managers.
   */
  async notice(scope: TenantScope, id: string) {
    const s = ident(scope.tenant.schemaName);
    const [row] = await scope.em.execute<(PrescriptionRow & { store_name: string; waited_minutes: number })[]>(
      `select p.*, to_char(p.valid_until, 'YYYY-MM-DD') as valid_day, st.name as store_name,
         floor(extract(epoch from coalesce(p.escalated_at, now()) - p.created_at) / 60)::int as waited_minutes
       from ${s}.prescription p join ${s}.store st on st.id = p.store_id where p.id = ?`,
      [id],
    );
    if (!row) return undefined;
    return {
      storeId: row.store_id,
      storeName: row.store_name,
      status: row.status,
      /** A short reference staff can find the prescription by. */
      reference: row.id.slice(0, 8),
      patientName: this.records.open(row.id, 'name', row.patient_name)!,
      patientPhone: this.records.open(row.id, 'phone', row.patient_phone),
      validUntil: row.valid_day,
      rejectionReason: row.rejection_reason,
      infoRequest: row.info_request,
      waitedMinutes: row.waited_minutes,
    };
  }

  /** What the registers record of a dispensed prescription: the patient in clear and the prescriber. */
  private dispensed(row: PrescriptionRow): DispensedPrescription {
    return {
      id: row.id,
      patient: {
        name: this.records.open(row.id, 'name', row.patient_name)!,
        address: this.records.open(row.id, 'address', row.patient_address),
      },
      // An approved prescription always names its prescriber (the database refuses an approval without).
      prescriber: { name: row.prescriber_name!, registrationNo: row.prescriber_registration_no!, address: row.prescriber_address },
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

  private async record(
    scope: TenantScope,
    input: Omit<UploadMetadata, 'prescriber' | 'issuedAt'> & Partial<Pick<PrescriptionInput, 'prescriber' | 'issuedAt'>>,
    source: 'entry' | 'upload',
    scan?: UploadedScan,
  ) {
    assertCan(scope, 'create', 'Prescription', { storeId: input.storeId });
    await assertStoreExists(scope, input.storeId);
    const items = await recordedItems(scope, input.items);
    if (input.issuedAt && input.issuedAt > today(scope))
      throw Problem.validation([{ field: 'issuedAt', message: 'must not be in the future' }]);
    const id = randomUUID();
    const stored: StoredScan | undefined = scan && (await this.images.store(scope, id, scan));
    const s = ident(scope.tenant.schemaName);
    try {
      await scope.em.transactional(async (em) => {
        await em.execute(
          `insert into ${s}.prescription (id, store_id, status, source, patient_name, patient_phone, patient_address, prescriber_name,
             prescriber_registration_no, prescriber_address, issued_at, items, repeats, created_by)
           values (?, ?, 'pending_review', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
          [
            id,
            input.storeId,
            source,
            this.records.seal(id, 'name', input.patient.name),
            input.patient.phone === undefined ? null : this.records.seal(id, 'phone', input.patient.phone),
            input.patient.address === undefined ? null : this.records.seal(id, 'address', input.patient.address),
            input.prescriber?.name ?? null,
            input.prescriber?.registrationNo ?? null,
            input.prescriber?.address ?? null,
            input.issuedAt ?? null,
            JSON.stringify(items),
            input.repeats,
            scope.actor?.id ?? null,
          ],
        );
        if (stored) await this.images.record(withEm(scope, em), id, stored);
        // Never patient data in the audit log: it is not encrypted.
        await this.audit.record(withEm(scope, em), {
          action: source === 'upload' ? 'prescription.uploaded' : 'prescription.created',
          entityType: 'Prescription',
          entityId: id,
          after: {
            storeId: input.storeId,
            issuedAt: input.issuedAt ?? null,
            prescriber: input.prescriber?.registrationNo ?? null,
            items,
            repeats: input.repeats,
            imageId: stored?.id ?? null,
          },
        });
      });
    } catch (error) {
      if (stored) await this.images.forget(scope, stored);
      throw error;
    }
    await this.workflow.started(scope, id);
    return this.get(scope, id);
  }
}
