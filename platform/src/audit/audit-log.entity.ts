import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** One link of the tenant's append-only, hash-chained audit trail. */
export const AuditLogEntity = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  schema: '*',
  properties: (p) => ({
    id: p.bigint('number').primary(),
    occurredAt: p.datetime(),
    actorType: p.string(),
    actorId: p.string().nullable(),
    actorLabel: p.string().nullable(),
    action: p.string(),
    entityType: p.string(),
    entityId: p.string().nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    ip: p.string().nullable(),
    requestId: p.string().nullable(),
    prevHash: p.string(),
    hash: p.string(),
  }),
});

export type AuditLog = InferEntity<typeof AuditLogEntity>;
