import { Injectable, Logger } from '@nestjs/common';
import { DriverException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem } from '../../common/problem.js';
import { withEm, type TenantScope } from '../../common/tenant-scope.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import type { TenantRef } from '../../tenancy/tenant-ref.js';
import { editable, productView } from '../catalog.service.js';
import { productsChanged } from '../product-events.js';
import { ProductEntity, type Product } from '../product.entity.js';
import { barcodesOf, writeProduct } from '../product-writer.js';
import type { ProductInput } from '../product.schemas.js';
import type { ImportRowError } from './import-job.entity.js';
import { columnOf, productInputOf, type ImportRow } from './import-row.js';

/** What one committed batch did. */
export interface BatchOutcome {
  created: string[];
  updated: string[];
  /** Rows refused, sorted by row. */
  errors: ImportRowError[];
}

interface Existing {
  product: Product;
  input: ProductInput;
}

/** Called inside the batch's transaction, so progress and audit commit together with the products, or not at all. */
export type CommitBatch = (tx: TenantScope, outcome: BatchOutcome) => Promise<void>;

/**
 * Writes one batch of rows through `writeProduct` (the product API's own rules) in one transaction.
 *
 * The fast path writes the whole batch without savepoints. Rows refused by the import's own checks never reach the
 * database, so they do not disturb it; but if `writeProduct` throws for any row (a barcode owned by a product the
 * file does not mention, a concurrent edit), PostgreSQL may already have aborted the transaction, so the whole batch
 * is rolled back and written again one row at a time, each row inside a savepoint. Either way a row is written
 * completely (product and barcodes) or not at all, and a batch costs savepoints only when it needs them.
 */
@Injectable()
export class ImportBatchWriter {
  private readonly logger = new Logger('ImportBatchWriter');

  constructor(private readonly outbox: OutboxService) {}

  async write(scope: TenantScope, rows: ImportRow[], refused: ImportRowError[], commit: CommitBatch): Promise<BatchOutcome> {
    const attempt = (rowByRow: boolean) =>
      scope.em.fork().transactional(async (tx) => {
        const outcome: BatchOutcome = { created: [], updated: [], errors: [...refused] };
        if (rowByRow) await this.writeEachInSavepoint(tx, scope.tenant, rows, outcome);
        else await this.writeTogether(tx, scope.tenant, rows, outcome);
        outcome.errors.sort((a, b) => a.row - b.row);
        await commit(withEm(scope, tx), outcome);
        const written = [...outcome.created, ...outcome.updated];
        if (written.length) await this.outbox.emit(withEm(scope, tx), productsChanged(written));
        return outcome;
      });
    try {
      return await attempt(false);
    } catch (error) {
      if (!(error instanceof Problem) && !(error instanceof DriverException)) throw error;
      return attempt(true);
    }
  }

  private async writeTogether(tx: EntityManager, tenant: TenantRef, rows: ImportRow[], outcome: BatchOutcome): Promise<void> {
    const existing = await existingByKey(
      tx.fork({ keepTransactionContext: true }),
      tenant,
      rows.map((r) => r.key),
    );
    const em = tx.fork({ keepTransactionContext: true });
    for (const row of rows) {
      // An empty identity map per row keeps each flush looking at one product, not at the whole batch so far.
      em.clear();
      const found = existing.get(row.key);
      if (found) em.merge(found.product);
      record(outcome, row, await writeRow(em, tenant, row, found));
    }
  }

  private async writeEachInSavepoint(tx: EntityManager, tenant: TenantRef, rows: ImportRow[], outcome: BatchOutcome): Promise<void> {
    for (const row of rows) {
      try {
        const result = await tx.transactional(
          async (savepoint) => writeRow(savepoint, tenant, row, (await existingByKey(savepoint, tenant, [row.key])).get(row.key)),
          { clear: true },
        );
        record(outcome, row, result);
      } catch (error) {
        outcome.errors.push({ row: row.line, message: this.rowMessage(error, row) });
      }
    }
  }

  private rowMessage(error: unknown, row: ImportRow): string {
    if (error instanceof Problem) {
      const fields = (error.details.errors ?? []).map((e) => `${columnOf(e.field)}: ${e.message}`);
      return fields.length ? fields.join('; ') : (error.details.detail ?? error.message);
    }
    this.logger.error(`Import row ${row.line} failed: ${(error as Error)?.message ?? String(error)}`);
    return 'could not be saved because of an unexpected database error; import the file again to retry it';
  }
}

type RowWrite = { created: boolean; id: string } | { message: string };

async function writeRow(em: EntityManager, tenant: TenantRef, row: ImportRow, found?: Existing): Promise<RowWrite> {
  const resolved = productInputOf(row, tenant, found?.input);
  if ('message' in resolved) return resolved;
  const product = await writeProduct(em, tenant, resolved.input, found?.product);
  return { created: !found, id: product.id };
}

function record(outcome: BatchOutcome, row: ImportRow, result: RowWrite): void {
  if ('message' in result) outcome.errors.push({ row: row.line, message: result.message });
  else (result.created ? outcome.created : outcome.updated).push(result.id);
}

/** The products the rows already stand for, with their current values as a full input to merge the file into. */
async function existingByKey(em: EntityManager, tenant: TenantRef, keys: string[]): Promise<Map<string, Existing>> {
  const products = await em.find(ProductEntity, { importKey: { $in: keys } });
  const barcodes = await barcodesOf(
    em,
    tenant,
    products.map((p) => p.id),
  );
  return new Map(
    products.map((p) => [p.importKey, { product: p, input: editable(productView(p, barcodes.get(p.id) ?? [], tenant.country)) }]),
  );
}
