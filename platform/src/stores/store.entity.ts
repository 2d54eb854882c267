import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A pharmacy outlet of the chain. Lives in the tenant's schema (wildcard schema, bound per request). */
export const StoreEntity = defineEntity({
  name: 'Store',
  tableName: 'store',
  schema: '*',
  properties: (p) => ({
    id: p.uuid().primary(),
    code: p.string(),
    name: p.string(),
    address: p.string(),
    region: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type Store = InferEntity<typeof StoreEntity>;
