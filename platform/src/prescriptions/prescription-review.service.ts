import { Injectable } from '@nestjs/common';
import { abilityFor } from '../access/ability.factory.js';
import { asSubject } from '../access/ability.js';
import type { Actor } from '../access/actor.js';
import type { ReviewOutcome, ReviewStep } from '@dawa/workflows';
import { AuditService, type AuditEntry } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { addDays } from '../inventory/expiry.js';
import { today } from '../inventory/inventory-context.js';
import { notificationRequests } from '../notifications/notification-events.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { PrescriptionImagesService, type StoredScan, type UploadedScan } from './prescription-images.service.js';
import { PrescriptionReviewWorkflow } from './prescription-review-workflow.js';
import { controlledDrugs, recordedItems } from './prescription-items.js';
import { OPEN_STATUSES, PrescriptionRecords, type PrescriptionRow } from './prescription-records.js';
import { mayReleaseClaim } from './prescriptions.policy.js';
import type { ApproveInput, InfoProvidedInput, RejectInput, RequestInfoInput } from './prescriptions.schemas.js';
import { DEFAULT_PRESCRIPTION_VALIDITY_DAYS } from './prescriptions.service.js';

type Tx = TenantScope;

/** What a step did, for the audit log (`prescription.<step>`) and the review workflow's signal. */
interface StepRecord {
  step: ReviewStep;
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The pharmacist's review of a prescription, one row-locked transaction per step, each appending to the audit log
 * and emitting its notifications through the outbox in that transaction:
 *
 * - `claim` / `release`: one pharmacist of the store works on a prescription at a time (409 for anyone else); the
 *   claimer, a manager of the store, or an owner or admin releases it. Deciding an unclaimed prescription claims it.
 * - `approve`, `reject`, `requestInfo` (the patient is asked by SMS; the prescription waits in `info_requested`) and
 *   `infoProvided` (staff record the answer; it goes back to the claimer's queue). An approval records the
 *   pharmacist's council registration number, which they must have. A controlled drug (India X, Kenya CD) waits in
 *   `awaiting_second_approval` for a different pharmacist's approval before it is valid.
 * - `escalateUnclaimed` and `expire`, which the review workflow's SLA timers call: both idempotent, and both no-ops
 *   once a pharmacist got there first, so a timer racing a decision cannot undo it.
 *
 * The patient hears of approval, rejection or expiry once (the outbox dedupes on the prescription).
 */
@Injectable()
export class PrescriptionReviewService {
  constructor(
    private readonly records: PrescriptionRecords,
    private readonly images: PrescriptionImagesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly workflow: PrescriptionReviewWorkflow,
  ) {}

  async claim(scope: TenantScope, id: string, actor: Actor) {
    return this.step(scope, id, async (row, tx) => {
      this.assertPharmacist(tx, row, actor, 'claim');
      this.assertOpen(row);
      if (row.status === 'awaiting_second_approval' && row.first_approved_by === actor.id) throw secondPharmacistRequired();
      if (row.claimed_by === actor.id) return undefined;
      this.assertNotClaimedByAnother(row, actor);
      await this.update(tx, row.id, { claimed_by: actor.id, claimed_at: 'now()' });
      return { step: 'claimed', before: { claimedBy: row.claimed_by }, after: { claimedBy: actor.id } };
    });
  }

  async release(scope: TenantScope, id: string, actor: Actor) {
    return this.step(scope, id, async (row, tx) => {
      if (!row.claimed_by) return undefined;
      if (row.claimed_by !== actor.id && !mayReleaseClaim(actor, row.store_id))
        throw Problem.forbidden('Only the pharmacist who claimed this prescription, or a manager of the store, can release it.');
      await this.update(tx, row.id, { claimed_by: null, claimed_at: null });
      return { step: 'released', before: { claimedBy: row.claimed_by }, after: { claimedBy: null } };
    });
  }

  /**
   * Approves as recorded, or with what the pharmacist read off the scan. A controlled drug's first approval moves
   * it to `awaiting_second_approval` and frees it for another pharmacist; that pharmacist's approval makes it valid.
   */
  async approve(scope: TenantScope, id: string, input: ApproveInput, actor: Actor) {
    return this.step(scope, id, async (row, tx) => {
      this.assertPharmacist(tx, row, actor, 'approve');
      this.assertOpen(row);
      this.assertNotClaimedByAnother(row, actor);
      const registrationNo = await this.registrationNumber(tx, actor, true);
      if (row.status === 'awaiting_second_approval') return this.secondApproval(tx, row, input, actor, registrationNo!);
      const terms = await this.approvalTerms(tx, row, input);
      const controlled = await controlledDrugs(tx, terms.items);
      const common = {
        items: JSON.stringify(terms.items),
        repeats: terms.repeats,
        valid_until: terms.validUntil,
        issued_at: terms.issuedAt,
        prescriber_name: terms.prescriber.name,
        prescriber_registration_no: terms.prescriber.registrationNo,
        prescriber_address: terms.prescriber.address,
        review_notes: input.notes ?? null,
        claimed_by: null,
        claimed_at: null,
      };
      if (controlled.length) {
        await this.update(tx, row.id, {
          ...common,
          status: 'awaiting_second_approval',
          needs_second_approval: true,
          first_approved_by: actor.id,
          first_approved_at: 'now()',
          first_approver_registration_no: registrationNo,
        });
        return {
          step: 'first-approved',
          before: { status: row.status },
          after: { status: 'awaiting_second_approval', by: actor.id, registrationNo, controlledDrugs: controlled, ...terms.audit },
        };
      }
      await this.update(tx, row.id, {
        ...common,
        status: 'approved',
        approved_by: actor.id,
        approved_at: 'now()',
        approver_registration_no: registrationNo,
      });
      await this.tellPatient(tx, row, 'approved');
      return {
        step: 'approved',
        before: { status: row.status },
        after: { status: 'approved', by: actor.id, registrationNo, ...terms.audit },
      };
    });
  }

  async reject(scope: TenantScope, id: string, input: RejectInput, actor: Actor) {
    return this.step(scope, id, async (row, tx) => {
      this.assertPharmacist(tx, row, actor, 'reject');
      this.assertOpen(row);
      this.assertNotClaimedByAnother(row, actor);
      const registrationNo = await this.registrationNumber(tx, actor, false);
      await this.update(tx, row.id, {
        status: 'rejected',
        rejected_by: actor.id,
        rejected_at: 'now()',
        rejection_reason: input.reason,
        rejecter_registration_no: registrationNo,
        review_notes: input.notes ?? row.review_notes,
        claimed_by: null,
        claimed_at: null,
      });
      await this.tellPatient(tx, row, 'rejected');
      return {
        step: 'rejected',
        before: { status: row.status },
        after: { status: 'rejected', by: actor.id, registrationNo, reason: input.reason },
      };
    });
  }

  /** Asks the customer something through the store (SMS); the prescription waits for `infoProvided`. */
  async requestInfo(scope: TenantScope, id: string, input: RequestInfoInput, actor: Actor) {
    return this.step(scope, id, async (row, tx) => {
      this.assertPharmacist(tx, row, actor, 'ask about');
      if (row.status !== 'pending_review' && row.status !== 'info_requested')
        throw this.notOpen(row, 'Only a prescription waiting for review can have information requested.');
      this.assertNotClaimedByAnother(row, actor);
      const requestNo = row.info_requests + 1;
      await this.update(tx, row.id, {
        status: 'info_requested',
        info_requests: requestNo,
        info_request: input.message,
        info_requested_by: actor.id,
        info_requested_at: 'now()',
        info_response: null,
        info_provided_at: null,
        claimed_by: actor.id,
        claimed_at: row.claimed_by === actor.id ? row.claimed_at : 'now()',
      });
      if (row.patient_phone) await this.outbox.emit(tx, notificationRequests.prescriptionInfoRequest(row.id, requestNo));
      return {
        step: 'info-requested',
        before: { status: row.status },
        after: { status: 'info_requested', by: actor.id, requestNo },
      };
    });
  }

  /**
   * Records what the customer answered (a note, another scan, or both), by anyone who records prescriptions at the
   * store. The prescription returns to review, still claimed by the pharmacist who asked.
   */
  async infoProvided(scope: TenantScope, id: string, input: InfoProvidedInput, scan: UploadedScan | undefined) {
    if (!input.note && !scan) throw Problem.validation([{ field: 'note', message: 'give a note, a scan, or both' }]);
    const known = await this.records.readable(scope, id);
    assertCan(scope, 'create', 'Prescription', { storeId: known.store_id });
    if (known.status !== 'info_requested') throw noInfoRequested();
    const stored: StoredScan | undefined = scan && (await this.images.store(scope, id, scan));
    try {
      return await this.step(scope, id, async (row, tx) => {
        if (row.status !== 'info_requested') throw noInfoRequested();
        if (stored) await this.images.record(tx, row.id, stored);
        await this.update(tx, row.id, { status: 'pending_review', info_response: input.note ?? null, info_provided_at: 'now()' });
        return {
          step: 'info-provided',
          before: { status: row.status },
          after: { status: 'pending_review', requestNo: row.info_requests, note: Boolean(input.note), imageId: stored?.id ?? null },
        };
      });
    } catch (error) {
      if (stored) await this.images.forget(scope, stored);
      throw error;
    }
  }

  /**
   * The unclaimed-SLA timer: tells the store's managers, if the prescription still waits unclaimed. `escalation` is
   * which unclaimed wait this is (the workflow counts them), so a repeated call for the same wait does nothing and
   * each later wait is escalated once.
   */
  async escalateUnclaimed(scope: TenantScope, id: string, escalation = 1): Promise<ReviewOutcome> {
    return this.timerStep(scope, id, async (row, tx) => {
      if (row.status !== 'pending_review' || row.claimed_by || row.escalations >= escalation) return undefined;
      await this.update(tx, row.id, { escalated_at: 'now()', escalations: escalation });
      await this.outbox.emit(tx, notificationRequests.prescriptionEscalation(row.id, escalation));
      return { action: 'prescription.escalated', after: { status: row.status, waitedSeconds: row.waiting_seconds, escalation } };
    });
  }

  /** The decision-SLA timer: an undecided prescription's review expires, and the patient is told once. */
  async expire(scope: TenantScope, id: string): Promise<ReviewOutcome> {
    return this.timerStep(scope, id, async (row, tx) => {
      if (!OPEN_STATUSES.includes(row.status)) return undefined;
      await this.update(tx, row.id, { status: 'expired', expired_at: 'now()', claimed_by: null, claimed_at: null });
      await this.tellPatient(tx, row, 'expired');
      return { action: 'prescription.expired', before: { status: row.status }, after: { status: 'expired' } };
    });
  }

  private async secondApproval(
    tx: Tx,
    row: PrescriptionRow,
    input: ApproveInput,
    actor: Actor,
    registrationNo: string,
  ): Promise<StepRecord> {
    if (row.first_approved_by === actor.id) throw secondPharmacistRequired();
    const changes = (['items', 'repeats', 'validUntil', 'prescriber', 'issuedAt'] as const).filter((key) => input[key] !== undefined);
    if (changes.length)
      throw Problem.unprocessable(
        'The second pharmacist confirms the first approval as it stands; reject it to have it reviewed again.',
        'second-approval-confirms',
        { fields: changes },
      );
    if (row.valid_day! < today(tx))
      throw Problem.unprocessable(`This prescription expired on ${row.valid_day}; it can no longer be approved.`, 'prescription-expired');
    await this.update(tx, row.id, {
      status: 'approved',
      approved_by: actor.id,
      approved_at: 'now()',
      approver_registration_no: registrationNo,
      review_notes: input.notes ? [row.review_notes, input.notes].filter(Boolean).join('\n') : row.review_notes,
      claimed_by: null,
      claimed_at: null,
    });
    await this.tellPatient(tx, row, 'approved');
    return {
      step: 'approved',
      before: { status: row.status, firstApprovedBy: row.first_approved_by },
      after: { status: 'approved', by: actor.id, registrationNo, secondSignature: true },
    };
  }

  /** What the approval fixes: the recorded prescription overlaid with the pharmacist's reading of it, complete. */
  private async approvalTerms(tx: Tx, row: PrescriptionRow, input: ApproveInput) {
    const items = input.items ? await recordedItems(tx, input.items) : row.items;
    const prescriber =
      input.prescriber ??
      (row.prescriber_name
        ? { name: row.prescriber_name, registrationNo: row.prescriber_registration_no!, address: row.prescriber_address ?? undefined }
        : undefined);
    const issuedAt = input.issuedAt ?? row.issued_day ?? undefined;
    const missing = [
      ...(items.length ? [] : [{ field: 'items', message: 'the scan has not been transcribed: give the items to approve' }]),
      ...(prescriber ? [] : [{ field: 'prescriber', message: 'give the prescriber as written on the scan' }]),
      ...(issuedAt ? [] : [{ field: 'issuedAt', message: 'give the date the prescription was written' }]),
    ];
    if (missing.length)
      throw Problem.unprocessable('The prescription is not complete enough to approve.', 'prescription-incomplete', { errors: missing });
    if (issuedAt! > today(tx)) throw Problem.validation([{ field: 'issuedAt', message: 'must not be in the future' }]);
    const lastValidDay = addDays(issuedAt!, tx.tenant.settings.prescriptionValidityDays ?? DEFAULT_PRESCRIPTION_VALIDITY_DAYS);
    if (lastValidDay < today(tx))
      throw Problem.unprocessable(`This prescription expired on ${lastValidDay}; it can no longer be approved.`, 'prescription-expired');
    const validUntil = input.validUntil ?? lastValidDay;
    if (validUntil < today(tx) || validUntil > lastValidDay)
      throw Problem.validation([
        { field: 'validUntil', message: `must be from ${today(tx)} to ${lastValidDay} (the chain's validity window)` },
      ]);
    const repeats = input.repeats ?? row.repeats;
    return {
      items,
      repeats,
      validUntil,
      issuedAt: issuedAt!,
      prescriber: { name: prescriber!.name, registrationNo: prescriber!.registrationNo, address: prescriber!.address ?? null },
      audit: { items, repeats, validUntil, issuedAt, prescriber: prescriber!.registrationNo },
    };
  }

  /**
   * Runs one review step: 404 unless the actor may read the prescription, then in one transaction the row is locked,
   * the step applied and audited. A step with nothing to do (a repeated claim) writes nothing.
   */
  private async step(scope: TenantScope, id: string, apply: (row: PrescriptionRow, tx: Tx) => Promise<StepRecord | undefined>) {
    await this.records.readable(scope, id);
    const taken = await scope.em.transactional(async (em) => {
      const tx = withEm(scope, em);
      const row = (await this.records.locked(tx, id))!;
      const record = await apply(row, tx);
      if (record)
        await this.audit.record(tx, {
          action: `prescription.${record.step}`,
          entityType: 'Prescription',
          entityId: id,
          before: record.before,
          after: record.after,
        });
      return record?.step;
    });
    const row = await this.records.readable(scope, id);
    // Only once committed: the workflow hears of steps that happened, never of one rolled back.
    if (taken) await this.workflow.stepped(scope, row, taken);
    return this.records.viewOne(scope, row);
  }

  /** A step the workflow's timers run as the system: no access check, and what it did (or that it did nothing). */
  private async timerStep(
    scope: TenantScope,
    id: string,
    apply: (row: PrescriptionRow, tx: Tx) => Promise<Omit<AuditEntry, 'entityType' | 'entityId'> | undefined>,
  ): Promise<ReviewOutcome> {
    return scope.em.transactional(async (em) => {
      const tx = withEm(scope, em);
      const row = await this.records.locked(tx, id);
      if (!row) throw Problem.notFound('Prescription');
      const entry = await apply(row, tx);
      if (!entry) return { changed: false, status: row.status };
      await this.audit.record(tx, { ...entry, entityType: 'Prescription', entityId: id });
      return { changed: true, status: (entry.after?.status as PrescriptionRow['status']) ?? row.status };
    });
  }

  /** The reviewer's own rights decide, whoever calls: a pharmacist assigned to the prescription's store. */
  private assertPharmacist(scope: TenantScope, row: PrescriptionRow, actor: Actor, verb: string): void {
    const reviewer = asSubject('Prescription', { storeId: row.store_id });
    if (
      !actor.roles.includes('pharmacist') ||
      !abilityFor(actor).can('update', reviewer) ||
      (scope.ability && !scope.ability.can('update', reviewer))
    )
      throw Problem.forbidden(`Only a pharmacist of this store can ${verb} a prescription.`, 'pharmacist-required');
  }

  private assertOpen(row: PrescriptionRow): void {
    if (!OPEN_STATUSES.includes(row.status)) throw this.notOpen(row, 'Only a prescription waiting for review can be reviewed.');
  }

  private notOpen(row: PrescriptionRow, detail: string): Problem {
    return Problem.conflict(`This prescription is ${row.status.replaceAll('_', ' ')}. ${detail}`, 'prescription-reviewed', {
      currentStatus: row.status,
    });
  }

  private assertNotClaimedByAnother(row: PrescriptionRow, actor: Actor): void {
    if (row.claimed_by && row.claimed_by !== actor.id)
      throw Problem.conflict(`${row.claimed_by_name ?? 'Another pharmacist'} is reviewing this prescription.`, 'prescription-claimed', {
        claimedBy: { id: row.claimed_by, name: row.claimed_by_name, at: row.claimed_at },
      });
  }

  /** The pharmacist's council registration number, which an approval must record. */
  private async registrationNumber(tx: Tx, actor: Actor, required: boolean): Promise<string | null> {
    const [user] = await tx.em.execute<{ registration_number: string | null }[]>(
      `select registration_number from ${ident(tx.tenant.schemaName)}.app_user where id = ?`,
      [actor.id],
    );
    const number = user?.registration_number ?? null;
    if (required && !number)
      throw Problem.unprocessable(
        'Your pharmacy council registration number is not on your account; an approval must record it. Ask an admin to add it.',
        'registration-number-required',
      );
    return number;
  }

  private async tellPatient(tx: Tx, row: PrescriptionRow, decision: 'approved' | 'rejected' | 'expired'): Promise<void> {
    // Only once the decision has committed, and only if the patient left a phone number.
    if (row.patient_phone) await this.outbox.emit(tx, notificationRequests.prescriptionDecision(row.id, decision));
  }

  /**
   * Sets columns of one prescription (the value 'now()' means the transaction's time) and counts the change in
   * `review_version`, which orders the workflow's signals however they travel.
   */
  private async update(tx: Tx, id: string, columns: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(columns);
    const set = entries.map(([column, value]) => `${column} = ${value === 'now()' ? 'now()' : column === 'items' ? '?::jsonb' : '?'}`);
    await tx.em.execute(
      `update ${ident(tx.tenant.schemaName)}.prescription set ${set.join(', ')}, review_version = review_version + 1 where id = ?`,
      [...entries.filter(([, value]) => value !== 'now()').map(([, value]) => value), id],
    );
  }
}

function secondPharmacistRequired(): Problem {
  return Problem.forbidden(
    'This controlled-drug prescription needs its second approval from a different pharmacist than the first.',
    'second-pharmacist-required',
  );
}

function noInfoRequested(): Problem {
  return Problem.conflict('No information has been asked for on this prescription.', 'no-info-requested');
}
