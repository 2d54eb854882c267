import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../../audit/audit.service.js';
import { likePattern, parseListQuery, searchText, uuidList, type ListSpec } from '../../common/list-query.js';
import { Problem } from '../../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { TAX_ID_PATTERNS, type SupplierInput, type SupplierProductInput, type SupplierUpdate } from '../purchasing.schemas.js';

export const supplierListSpec: ListSpec = {
  sortable: { name: 'name', createdAt: 'created_at', leadTimeDays: 'lead_time_days' },
  defaultSort: ['name', 'ASC'],
  filters: ['q', 'id', 'active'],
};

interface SupplierRow {
  id: string;
  name: string;
  tax_id: string | null;
  phone: string | null;
  email: string | null;
  payment_terms_days: number;
  return_window_days: number;
  lead_time_days: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

function supplierView(row: SupplierRow) {
  return {
    id: row.id,
    name: row.name,
    taxId: row.tax_id,
    phone: row.phone,
    email: row.email,
    paymentTermsDays: row.payment_terms_days,
    returnWindowDays: row.return_window_days,
    leadTimeDays: row.lead_time_days,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS: Record<keyof Omit<SupplierInput, never>, string> = {
  name: 'name',
  taxId: 'tax_id',
  phone: 'phone',
  email: 'email',
  paymentTermsDays: 'payment_terms_days',
  returnWindowDays: 'return_window_days',
  leadTimeDays: 'lead_time_days',
  active: 'active',
};

/**
 * The chain's suppliers (distributors, stockists): tax registration checked by the chain's country (GSTIN in India,
 * KRA PIN in Kenya), payment terms, the return window that decides which batches can go back, and the lead time
 * reorder suggestions plan with; plus which products each supplies. Deleting a supplier deactivates it: its orders
 * and returns keep pointing at it.
 */
@Injectable()
export class SuppliersService {
  constructor(private readonly audit: AuditService) {}

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'Supplier');
    const query = parseListQuery(rawQuery, supplierListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const q = searchText(query.filter);
    if (q) {
      conditions.push('(name ilike ? or tax_id ilike ?)');
      params.push(likePattern(q), likePattern(q));
    }
    const ids = uuidList(query.filter, 'id');
    if (ids) {
      conditions.push(`id in (${ids.map(() => '?').join(',')})`);
      params.push(...ids);
    }
    if (query.filter.active !== undefined) {
      if (typeof query.filter.active !== 'boolean') throw Problem.badRequest('filter.active must be true or false.');
      conditions.push('active = ?');
      params.push(query.filter.active);
    }
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.supplier where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<SupplierRow[]>(
      `select * from ${s}.supplier where ${where} order by ${column} ${direction}, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map(supplierView), total: Number(count) };
  }

  async get(scope: TenantScope, id: string) {
    assertCan(scope, 'read', 'Supplier');
    return supplierView(await this.row(scope, id));
  }

  async create(scope: TenantScope, input: SupplierInput) {
    assertCan(scope, 'create', 'Supplier');
    this.assertTaxId(scope, input.taxId);
    const id = randomUUID();
    const s = ident(scope.tenant.schemaName);
    return this.unique(input.name, () =>
      scope.em.transactional(async (em) => {
        const keys = Object.keys(COLUMNS) as (keyof SupplierInput)[];
        await em.execute(
          `insert into ${s}.supplier (id, ${keys.map((k) => COLUMNS[k]).join(', ')}) values (?, ${keys.map(() => '?').join(', ')})`,
          [id, ...keys.map((k) => input[k] ?? null)],
        );
        const view = supplierView(await this.row(withEm(scope, em), id));
        await this.audit.record(withEm(scope, em), { action: 'supplier.created', entityType: 'Supplier', entityId: id, after: view });
        return view;
      }),
    );
  }

  async update(scope: TenantScope, id: string, input: SupplierUpdate) {
    assertCan(scope, 'update', 'Supplier');
    if (input.taxId !== undefined) this.assertTaxId(scope, input.taxId);
    const s = ident(scope.tenant.schemaName);
    return this.unique(input.name ?? '', () =>
      scope.em.transactional(async (em) => {
        const before = supplierView(await this.row(withEm(scope, em), id, true));
        const keys = (Object.keys(COLUMNS) as (keyof SupplierInput)[]).filter((k) => input[k] !== undefined);
        if (keys.length)
          await em.execute(`update ${s}.supplier set ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')}, updated_at = now() where id = ?`, [
            ...keys.map((k) => input[k]),
            id,
          ]);
        const after = supplierView(await this.row(withEm(scope, em), id));
        await this.audit.record(withEm(scope, em), { action: 'supplier.updated', entityType: 'Supplier', entityId: id, before, after });
        return after;
      }),
    );
  }

  async remove(scope: TenantScope, id: string) {
    return this.update(scope, id, { active: false });
  }

  async products(scope: TenantScope, supplierId: string) {
    assertCan(scope, 'read', 'Supplier');
    await this.row(scope, supplierId);
    const rows = await scope.em.execute<
      { product_id: string; product_name: string; supplier_sku: string | null; last_cost: string | null; preferred: boolean }[]
    >(
      `select ps.product_id, p.name as product_name, ps.supplier_sku, ps.last_cost, ps.preferred
       from ${ident(scope.tenant.schemaName)}.product_supplier ps join ${ident(scope.tenant.schemaName)}.product p on p.id = ps.product_id
       where ps.supplier_id = ? order by p.name`,
      [supplierId],
    );
    return rows.map((r) => ({
      productId: r.product_id,
      productName: r.product_name,
      supplierSku: r.supplier_sku,
      lastCost: r.last_cost === null ? null : Number(r.last_cost),
      preferred: r.preferred,
    }));
  }

  /** Records that a supplier sells a product; making it preferred takes the preference from any other supplier. */
  async setProduct(scope: TenantScope, supplierId: string, productId: string, input: SupplierProductInput) {
    assertCan(scope, 'update', 'Supplier');
    const s = ident(scope.tenant.schemaName);
    await this.row(scope, supplierId);
    const [product] = await scope.em.execute(`select 1 from ${s}.product where id = ?`, [productId]);
    if (!product) throw Problem.notFound('Product');
    return scope.em.transactional(async (em) => {
      // The product row serialises preference changes, so two suppliers made preferred at once cannot both win.
      await em.execute(`select id from ${s}.product where id = ? for update`, [productId]);
      if (input.preferred)
        await em.execute(`update ${s}.product_supplier set preferred = false where product_id = ? and supplier_id <> ?`, [
          productId,
          supplierId,
        ]);
      await em.execute(
        `insert into ${s}.product_supplier (supplier_id, product_id, supplier_sku, last_cost, preferred) values (?, ?, ?, ?, ?)
         on conflict (supplier_id, product_id) do update set supplier_sku = coalesce(excluded.supplier_sku, product_supplier.supplier_sku),
           last_cost = coalesce(excluded.last_cost, product_supplier.last_cost), preferred = excluded.preferred, updated_at = now()`,
        [supplierId, productId, input.supplierSku ?? null, input.lastCost ?? null, input.preferred],
      );
      await this.audit.record(withEm(scope, em), {
        action: 'supplier.product-set',
        entityType: 'Supplier',
        entityId: supplierId,
        after: { productId, ...input },
      });
      return (await this.products(withEm(scope, em), supplierId)).find((p) => p.productId === productId)!;
    });
  }

  private assertTaxId(scope: TenantScope, taxId: string | null | undefined): void {
    const rule = TAX_ID_PATTERNS[scope.tenant.country];
    if (taxId && rule && !rule.pattern.test(taxId)) throw Problem.validation([{ field: 'taxId', message: `must be a ${rule.name}` }]);
  }

  private async row(scope: TenantScope, id: string, lock = false): Promise<SupplierRow> {
    const [row] = await scope.em.execute<SupplierRow[]>(
      `select * from ${ident(scope.tenant.schemaName)}.supplier where id = ?${lock ? ' for update' : ''}`,
      [id],
    );
    if (!row) throw Problem.notFound('Supplier');
    return row;
  }

  private async unique<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw Problem.conflict(`A supplier named ${name} already exists.`, 'supplier-exists');
      throw error;
    }
  }
}
