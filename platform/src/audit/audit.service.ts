import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '../database/sql.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { chainHash, GENESIS_HASH, type AuditFacts } from './hash-chain.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstBrokenId?: number;
}

/** Detaches a snapshot from live objects (dates become ISO strings) so what is hashed is exactly what is stored. */
function snapshot(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return value ? (JSON.parse(JSON.stringify(value)) as Record<string, unknown>) : null;
}

@Injectable()
export class AuditService {
  /**
   * Appends an entry to the tenant's chain inside the caller's transaction, so the entry exists exactly when the
   * change it records does. The advisory lock serialises appends per tenant (held only until that transaction ends);
   * callers append last so the lock is held briefly.
   */
  async record(scope: TenantScope, entry: AuditEntry): Promise<void> {
    const s = ident(scope.tenant.schemaName);
    const em: EntityManager = scope.em;
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`audit:${scope.tenant.schemaName}`]);
    const [last] = await em.execute<{ hash: string }[]>(`select hash from ${s}.audit_log order by id desc limit 1`);
    const facts: AuditFacts = {
      occurredAt: new Date(),
      actorType: scope.auditActor.type,
      actorId: scope.auditActor.id ?? null,
      actorLabel: scope.auditActor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
      ip: scope.ip ?? null,
      requestId: scope.requestId ?? null,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await em.execute(
      `insert into ${s}.audit_log (occurred_at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, request_id, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)`,
      [
        facts.occurredAt,
        facts.actorType,
        facts.actorId,
        facts.actorLabel,
        facts.action,
        facts.entityType,
        facts.entityId,
        facts.before === null ? null : JSON.stringify(facts.before),
        facts.after === null ? null : JSON.stringify(facts.after),
        facts.ip,
        facts.requestId,
        prevHash,
        chainHash(prevHash, facts),
      ],
    );
  }

  /** Recomputes the whole chain in id order and names the first entry whose content or link does not match. */
  async verify(scope: TenantScope): Promise<ChainVerification> {
    const s = ident(scope.tenant.schemaName);
    const batch = 1000;
    let expectedPrev = GENESIS_HASH;
    let checked = 0;
    let afterId = 0;
    for (;;) {
      const rows = await scope.em.execute<Record<string, any>[]>(
        `select id, occurred_at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, request_id, prev_hash, hash
         from ${s}.audit_log where id > ? order by id limit ${batch}`,
        [afterId],
      );
      for (const row of rows) {
        const id = Number(row.id);
        const facts: AuditFacts = {
          occurredAt: new Date(row.occurred_at),
          actorType: row.actor_type,
          actorId: row.actor_id,
          actorLabel: row.actor_label,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          ip: row.ip,
          requestId: row.request_id,
        };
        if (row.prev_hash !== expectedPrev || row.hash !== chainHash(row.prev_hash, facts)) {
          return { valid: false, checked: checked + 1, firstBrokenId: id };
        }
        expectedPrev = row.hash;
        checked++;
        afterId = id;
      }
      if (rows.length < batch) return { valid: true, checked };
    }
  }
}
