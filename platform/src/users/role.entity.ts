import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** The roles a tenant has; provisioning seeds the built-in ones. */
export const RoleEntity = defineEntity({
  name: 'Role',
  tableName: 'role',
  schema: '*',
  properties: (p) => ({
    name: p.string().primary(),
    description: p.string(),
    builtin: p.boolean(),
  }),
});

export type Role = InferEntity<typeof RoleEntity>;
