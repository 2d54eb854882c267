import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProductEntity } from '../catalog/product.entity.js';

/**
 * A batch of one product in one store: batch number, expiry, cost and MRP per pack travel with the goods. `quantity`
 * (base units) is the balance; every change to it is a `stock_movement` row written in the same transaction.
 */
export const StockBatchEntity = defineEntity({
  name: 'StockBatch',
  tableName: 'stock_batch',
  schema: '*',
  properties: (p) => ({
    id: p.uuid().primary(),
    storeId: p.uuid(),
    product: () => p.manyToOne(ProductEntity).fieldName('product_id'),
    batchNo: p.string(),
    expiry: p.string().columnType('date'),
    cost: p.bigint('number'),
    mrp: p.bigint('number'),
    supplier: p.string().nullable(),
    quantity: p.integer(),
    receivedAt: p.datetime(),
    updatedAt: p.datetime(),
  }),
});

export type StockBatch = InferEntity<typeof StockBatchEntity>;
