import { Injectable } from '@nestjs/common';
import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service.js';
import { likePattern, parseListQuery, searchText, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, scopeWhere, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { catalogRules } from './country-rules.js';
import { DOSAGE_FORM_NAMES, DOSAGE_FORMS } from './dosage-form.js';
import { productsChanged } from './product-events.js';
import { ProductEntity, type Product } from './product.entity.js';
import { barcodesOf, writeProduct } from './product-writer.js';
import { productFields, productInput, type ProductInput, type ProductUpdate } from './product.schemas.js';

export const productListSpec: ListSpec = {
  sortable: { name: 'name', manufacturer: 'manufacturer', mrp: 'mrp', createdAt: 'createdAt', schedule: 'schedule' },
  defaultSort: ['name', 'ASC'],
  filters: ['q', 'id', 'schedule', 'dosageForm', 'manufacturer', 'status', 'compositionKey'],
};

export function productView(product: Product, barcodes: string[], country: string) {
  return {
    id: product.id,
    name: product.name,
    genericName: product.genericName,
    ingredients: product.ingredients,
    compositionKey: product.compositionKey,
    manufacturer: product.manufacturer,
    dosageForm: product.dosageForm,
    packSize: product.packSize,
    baseUnit: product.baseUnit,
    barcodes,
    schedule: product.schedule,
    prescriptionRequired: catalogRules(country).prescriptionSchedules.includes(product.schedule),
    taxClass: product.taxClass,
    hsnCode: product.hsnCode,
    kraItemClass: product.kraItemClass,
    mrp: product.mrp,
    reorderLevel: product.reorderLevel,
    status: product.status,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

export type ProductView = ReturnType<typeof productView>;

/** The chain's central catalogue: products, their barcodes and their substitutes. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** What a product form offers for this chain's country: its schedules, tax classes and the dosage forms. */
  rules(scope: TenantScope) {
    assertCan(scope, 'read', 'Product');
    const rules = catalogRules(scope.tenant.country);
    return {
      country: scope.tenant.country,
      schedules: rules.schedules,
      prescriptionSchedules: rules.prescriptionSchedules,
      defaultSchedule: rules.defaultSchedule,
      taxClasses: rules.taxClasses,
      defaultTaxClass: rules.defaultTaxClass,
      taxClassesNeedingCommodityCode: rules.taxClassesNeedingCommodityCode ?? [],
      dosageForms: DOSAGE_FORM_NAMES.map((name) => ({ name, baseUnit: DOSAGE_FORMS[name].baseUnit })),
    };
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, productListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'Product')];
    const ids = uuidList(query.filter, 'id');
    if (ids) where.push({ id: { $in: ids } });
    const q = searchText(query.filter);
    if (q) where.push({ $or: [{ name: { $ilike: likePattern(q) } }, { genericName: { $ilike: likePattern(q) } }] });
    for (const key of ['schedule', 'dosageForm', 'manufacturer', 'status', 'compositionKey'] as const) {
      const value = query.filter[key];
      if (value !== undefined) {
        if (typeof value !== 'string') throw Problem.badRequest(`filter.${key} must be text.`);
        where.push({ [key]: value });
      }
    }
    const [rows, total] = await scope.em.findAndCount(
      ProductEntity,
      { $and: where },
      { orderBy: [query.orderBy, { id: 'asc' }], limit: query.limit, offset: query.offset },
    );
    return { query, rows: await this.views(scope, rows), total };
  }

  async get(scope: TenantScope, id: string) {
    const [view] = await this.views(scope, [await this.load(scope, id)]);
    return view;
  }

  async create(scope: TenantScope, input: ProductInput) {
    assertCan(scope, 'create', 'Product');
    return scope.em.transactional(async (em) => {
      const product = await writeProduct(em, scope.tenant, input);
      const [view] = await this.views(withEm(scope, em), [product]);
      await this.audit.record(withEm(scope, em), { action: 'product.created', entityType: 'Product', entityId: product.id, after: view });
      await this.outbox.emit(withEm(scope, em), productsChanged([product.id]));
      return view;
    });
  }

  async update(scope: TenantScope, id: string, changes: ProductUpdate) {
    assertCan(scope, 'update', 'Product');
    return scope.em.transactional(async (em) => {
      const s = withEm(scope, em);
      const product = await this.load(s, id);
      const [before] = await this.views(s, [product]);
      const merged = productInput.parse({ ...editable(before), ...stripUndefined(changes) });
      await writeProduct(em, scope.tenant, merged, product);
      const [after] = await this.views(s, [product]);
      await this.audit.record(s, { action: 'product.updated', entityType: 'Product', entityId: id, before, after });
      await this.outbox.emit(s, productsChanged([id]));
      return after;
    });
  }

  async remove(scope: TenantScope, id: string) {
    assertCan(scope, 'delete', 'Product');
    try {
      return await scope.em.transactional(async (em) => {
        const s = withEm(scope, em);
        const product = await this.load(s, id);
        const [before] = await this.views(s, [product]);
        em.remove(product);
        await em.flush();
        await this.audit.record(s, { action: 'product.deleted', entityType: 'Product', entityId: id, before });
        await this.outbox.emit(s, productsChanged([id]));
        return before;
      });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintViolationException) {
        throw Problem.conflict(
          'This product has stock history, so it cannot be deleted. Set its status to inactive instead.',
          'product-in-use',
        );
      }
      throw error;
    }
  }

  /**
   * Products with the same ingredients, strengths and dosage form, for a store: in stock (sellable, unexpired)
   * first, then cheapest per base unit, so the counter offers what it can hand over at the lowest price.
   */
  async substitutes(scope: TenantScope, id: string, storeId?: string) {
    if (storeId) assertCan(scope, 'read', 'Stock', { storeId });
    const product = await this.load(scope, id);
    if (!product.compositionKey) return [];
    const s = ident(scope.tenant.schemaName);
    const rows = await scope.em.execute<{ id: string; in_stock: string }[]>(
      `select p.id, coalesce(sum(b.quantity) filter (where b.expiry >= current_date), 0) as in_stock
       from ${s}.product p left join ${s}.stock_batch b on b.product_id = p.id and b.store_id = ? and b.quantity > 0
       where p.composition_key = ? and p.id <> ? and p.status = 'active'
       group by p.id
       order by (coalesce(sum(b.quantity) filter (where b.expiry >= current_date), 0) > 0) desc,
                (p.mrp::numeric / p.pack_size) asc nulls last, p.name
       limit 50`,
      [storeId ?? null, product.compositionKey, product.id],
    );
    const products = await scope.em.find(ProductEntity, { id: { $in: rows.map((r) => r.id) } });
    const byId = new Map((await this.views(scope, products)).map((v) => [v.id, v]));
    return rows.map((r) => ({ ...byId.get(r.id)!, inStock: storeId ? Number(r.in_stock) : undefined }));
  }

  private async load(scope: TenantScope, id: string): Promise<Product> {
    const product = await scope.em.findOne(ProductEntity, { $and: [{ id }, scopeWhere(scope, 'read', 'Product')] });
    if (!product) throw Problem.notFound('Product');
    return product;
  }

  private async views(scope: TenantScope, products: Product[]): Promise<ProductView[]> {
    const barcodes = await barcodesOf(
      scope.em,
      scope.tenant,
      products.map((p) => p.id),
    );
    return products.map((p) => productView(p, barcodes.get(p.id) ?? [], scope.tenant.country));
  }
}

/** The fields of a product a client can write, as they are now: the base an update merges its changes into. */
export function editable(view: ProductView): ProductInput {
  return Object.fromEntries(Object.keys(productFields).map((key) => [key, view[key as keyof ProductView]])) as ProductInput;
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
