import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ProductEntity } from '../catalog/product.entity.js';
import { StockBatchEntity } from './stock-batch.entity.js';

export const MOVEMENT_KINDS = [
  'receipt',
  'sale',
  'return',
  'adjustment',
  'transfer_out',
  'transfer_in',
  'expiry_write_off',
  'supplier_return',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** One line of the append-only stock ledger: a signed quantity of one batch, and why it moved. */
export const StockMovementEntity = defineEntity({
  name: 'StockMovement',
  tableName: 'stock_movement',
  schema: '*',
  properties: (p) => ({
    id: p.bigint('number').primary(),
    occurredAt: p.datetime(),
    storeId: p.uuid(),
    product: () => p.manyToOne(ProductEntity).fieldName('product_id'),
    batch: () => p.manyToOne(StockBatchEntity).fieldName('batch_id'),
    kind: p.string().$type<MovementKind>(),
    quantity: p.integer(),
    reason: p.string().nullable(),
    reference: p.string().nullable(),
    transferId: p.uuid().nullable(),
    actorId: p.uuid().nullable(),
    requestId: p.string().nullable(),
  }),
});

export type StockMovement = InferEntity<typeof StockMovementEntity>;
