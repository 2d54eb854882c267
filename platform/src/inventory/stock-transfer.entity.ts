import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** What left the sending store, batch by batch, and what the receiving store counted on arrival. */
export interface TransferLine {
  productId: string;
  productName: string;
  batchId: string;
  batchNo: string;
  expiry: string;
  cost: number;
  mrp: number;
  quantitySent: number;
  quantityReceived?: number;
  discrepancy?: number;
  /** The batch at the receiving store the goods went into. */
  receivedBatchId?: string;
}

export const StockTransferEntity = defineEntity({
  name: 'StockTransfer',
  tableName: 'stock_transfer',
  schema: '*',
  properties: (p) => ({
    id: p.uuid().primary(),
    fromStoreId: p.uuid(),
    toStoreId: p.uuid(),
    status: p.string().$type<'in_transit' | 'received'>(),
    lines: p.json<TransferLine[]>(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    receivedBy: p.uuid().nullable(),
    receivedAt: p.datetime().nullable(),
  }),
});

export type StockTransfer = InferEntity<typeof StockTransferEntity>;
