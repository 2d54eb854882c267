import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import { withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { FileStorageService } from '../files/file-storage.service.js';
import type { SniffedType } from '../files/content-sniffer.js';
import { storageProblem } from '../files/storage-problem.js';
import { checkUpload } from '../files/upload-check.js';
import { PrescriptionRecords } from './prescription-records.js';
import { maySeePatientData } from './prescriptions.policy.js';

/** A scan as it arrived: the bytes and the content type its sender declared. */
export interface UploadedScan {
  bytes: Uint8Array;
  declaredType: string;
}

/** A scan stored in the tenant's file storage, waiting for its row in the caller's transaction. */
export interface StoredScan {
  id: string;
  key: string;
  contentType: string;
  size: number;
}

/** Signed image links are short: long enough to open, too short to be worth passing around. */
export const IMAGE_LINK_SECONDS = 300;

const EXTENSIONS: Record<SniffedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/**
 * Prescription scans: stored through the tenant's file storage (its storage plugin, or the built-in store) under
 * `prescriptions/<prescription id>/<image id>.<ext>` in the tenant's own key space, after the storage has checked the
 * size and that the bytes are the image or PDF they claim to be. Every look at one hands out a short-lived signed
 * link and is audited (who, when, which image) in the same transaction.
 */
@Injectable()
export class PrescriptionImagesService {
  constructor(
    private readonly files: FileStorageService,
    private readonly records: PrescriptionRecords,
    private readonly audit: AuditService,
  ) {}

  /** Stores the file before the database write that records it; `forget` removes it if that write fails. */
  async store(scope: TenantScope, prescriptionId: string, scan: UploadedScan): Promise<StoredScan> {
    const id = randomUUID();
    // Checked here first (storeUpload checks again) only to name the file by what it is.
    const type = checkUpload(scan.bytes, scan.declaredType, this.files.maxUploadBytes);
    const stored = await this.files.storeUpload(scope, {
      key: `prescriptions/${prescriptionId}/${id}.${EXTENSIONS[type]}`,
      bytes: scan.bytes,
      declaredType: scan.declaredType,
    });
    return { id, key: stored.key, contentType: stored.contentType, size: stored.size };
  }

  /** Inserts the row of a stored scan; `scope.em` is the caller's transaction. */
  async record(scope: TenantScope, prescriptionId: string, scan: StoredScan): Promise<void> {
    await scope.em.execute(
      `insert into ${ident(scope.tenant.schemaName)}.prescription_image (id, prescription_id, storage_key, content_type, size, uploaded_by)
       values (?, ?, ?, ?, ?, ?)`,
      [scan.id, prescriptionId, scan.key, scan.contentType, scan.size, scope.actor?.id ?? null],
    );
  }

  /** Removes a stored scan whose record was never written; a failure here only leaves an unreferenced file. */
  async forget(scope: TenantScope, scan: StoredScan): Promise<void> {
    await (await this.files.provider(scope)).delete(scan.key).catch(() => undefined);
  }

  /**
   * A signed link to one scan of a prescription (the first unless `imageId` names another), for people who may see
   * the patient's data at the prescription's store. The access is audited before the link is handed out.
   */
  async link(scope: TenantScope, prescriptionId: string, imageId: string | undefined) {
    const row = await this.records.readable(scope, prescriptionId);
    if (!maySeePatientData(scope.actor)) {
      throw Problem.forbidden(
        'Prescription images hold patient data: only pharmacists and managers may open them.',
        'patient-data-required',
      );
    }
    const images = (await this.records.images(scope, [row.id])).get(row.id)!;
    const image = imageId ? images.find((i) => i.id === imageId) : images[0];
    if (!image) throw Problem.notFound('Prescription image');
    const storage = await this.files.provider(scope);
    let url: string;
    try {
      url = await storage.presignGet(image.storage_key, { expiresInSeconds: IMAGE_LINK_SECONDS });
    } catch (error) {
      throw storageProblem(error);
    }
    await scope.em.transactional((em) =>
      this.audit.record(withEm(scope, em), {
        action: 'prescription.image-viewed',
        entityType: 'Prescription',
        entityId: row.id,
        after: { imageId: image.id, linkSeconds: IMAGE_LINK_SECONDS },
      }),
    );
    return {
      imageId: image.id,
      contentType: image.content_type,
      size: image.size,
      url,
      expiresAt: new Date(Date.now() + IMAGE_LINK_SECONDS * 1000),
    };
  }
}
