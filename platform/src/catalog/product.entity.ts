import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { Ingredient } from './composition.js';

/**
 * A sellable SKU of the chain's central catalogue. Quantities are counted in `baseUnit` (tablet, ml...); a pack holds
 * `packSize` of them; `mrp` is the price of a pack in minor units (paise, cents). Barcodes live in `product_barcode`.
 */
export const ProductEntity = defineEntity({
  name: 'Product',
  tableName: 'product',
  schema: '*',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string(),
    genericName: p.string(),
    ingredients: p.json<Ingredient[]>(),
    compositionKey: p.string(),
    manufacturer: p.string(),
    dosageForm: p.string(),
    packSize: p.integer(),
    baseUnit: p.string(),
    schedule: p.string(),
    taxClass: p.string(),
    hsnCode: p.string().nullable(),
    kraItemClass: p.string().nullable(),
    mrp: p.bigint('number').nullable(),
    reorderLevel: p.integer(),
    status: p.string().$type<'active' | 'inactive'>(),
    importKey: p.string().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type Product = InferEntity<typeof ProductEntity>;
