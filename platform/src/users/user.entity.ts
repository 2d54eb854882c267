import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { StoreEntity } from '../stores/store.entity.js';
import { RoleEntity } from './role.entity.js';

/** A member of a chain's staff. Email is unique within the tenant only. */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'app_user',
  schema: '*',
  properties: (p) => ({
    id: p.uuid().primary(),
    email: p.string(),
    name: p.string(),
    /** E.164; where the store manager's daily stock digest goes. */
    phone: p.string().nullable(),
    passwordHash: p.string().hidden().lazy(),
    status: p.string().$type<'active' | 'disabled'>(),
    mfaSecret: p.string().nullable().hidden().lazy(),
    mfaEnabledAt: p.datetime().nullable(),
    failedLoginCount: p.integer().hidden(),
    lockedUntil: p.datetime().nullable().hidden(),
    passwordChangedAt: p.datetime(),
    roles: () => p.manyToMany(RoleEntity).owner().pivotTable('user_role').joinColumn('user_id').inverseJoinColumn('role_name'),
    stores: () => p.manyToMany(StoreEntity).owner().pivotTable('user_store').joinColumn('user_id').inverseJoinColumn('store_id'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type User = InferEntity<typeof UserEntity>;
