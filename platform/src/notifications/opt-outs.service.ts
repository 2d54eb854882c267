import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, stringList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import type { NotificationChannel } from './notification-events.js';
import type { OptOutInput } from './notifications.schemas.js';
import { maskPhone, toE164 } from './phone-numbers.js';

export const optOutListSpec: ListSpec = {
  sortable: { createdAt: 'created_at' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['phone', 'channel', 'source'],
};

interface OptOutRow {
  id: string;
  recipient_masked: string;
  channel: NotificationChannel;
  reason: string;
  source: 'staff' | 'vendor';
  created_by: string | null;
  created_at: string;
}

export interface OptOutFacts {
  phone: string;
  channel: NotificationChannel;
  reason: string;
  source: 'staff' | 'vendor';
}

function view(row: OptOutRow) {
  return {
    id: row.id,
    recipient: row.recipient_masked,
    channel: row.channel,
    reason: row.reason,
    source: row.source,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

/**
 * Recipients who must not be messaged on a channel: recorded by staff when a customer asks, or automatically when the
 * vendor answers that the recipient opted out. Numbers are kept only as a keyed hash (for lookup) and masked (for
 * people). Inbound STOP replies need a vendor's inbound-message webhook and are not handled yet.
 */
@Injectable()
export class OptOutsService {
  constructor(
    private readonly audit: AuditService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  /** The lookup key of a recipient in this tenant. */
  fingerprint(scope: TenantScope, e164: string): string {
    return this.cipher.fingerprint(e164, scope.tenant.id);
  }

  async isOptedOut(scope: TenantScope, e164: string, channel: NotificationChannel): Promise<boolean> {
    const [row] = await scope.em.execute(
      `select 1 from ${ident(scope.tenant.schemaName)}.notification_opt_out where recipient_hash = ? and channel = ?`,
      [this.fingerprint(scope, e164), channel],
    );
    return Boolean(row);
  }

  /** Records an opt-out in the caller's transaction (`scope.em`); an existing one is kept as it is. */
  async record(scope: TenantScope, facts: OptOutFacts): Promise<{ row: OptOutRow; created: boolean }> {
    const s = ident(scope.tenant.schemaName);
    const [inserted] = await scope.em.execute<OptOutRow[]>(
      `insert into ${s}.notification_opt_out (id, recipient_hash, recipient_masked, channel, reason, source, created_by)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (recipient_hash, channel) do nothing returning *`,
      [
        randomUUID(),
        this.fingerprint(scope, facts.phone),
        maskPhone(facts.phone),
        facts.channel,
        facts.reason,
        facts.source,
        scope.actor?.id ?? null,
      ],
    );
    if (inserted) {
      await this.audit.record(scope, {
        action: 'notification-opt-out.recorded',
        entityType: 'NotificationOptOut',
        entityId: inserted.id,
        after: { recipient: inserted.recipient_masked, channel: facts.channel, reason: facts.reason, source: facts.source },
      });
      return { row: inserted, created: true };
    }
    const [existing] = await scope.em.execute<OptOutRow[]>(
      `select * from ${s}.notification_opt_out where recipient_hash = ? and channel = ?`,
      [this.fingerprint(scope, facts.phone), facts.channel],
    );
    return { row: existing, created: false };
  }

  async create(scope: TenantScope, input: OptOutInput) {
    assertCan(scope, 'create', 'NotificationOptOut');
    const phone = this.phone(scope, input.phone, 'phone');
    const outcome = await scope.em.transactional((em: EntityManager) =>
      this.record(withEm(scope, em), { phone, channel: input.channel, reason: input.reason, source: 'staff' }),
    );
    return { optOut: view(outcome.row), created: outcome.created };
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'NotificationOptOut');
    const query = parseListQuery(rawQuery, optOutListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const phones = stringList(query.filter, 'phone');
    if (phones) {
      const hashes = phones.map((p) => this.fingerprint(scope, this.phone(scope, p, 'filter.phone')));
      conditions.push(`recipient_hash in (${hashes.map(() => '?').join(',')})`);
      params.push(...hashes);
    }
    for (const [key, column] of [
      ['channel', 'channel'],
      ['source', 'source'],
    ] as const) {
      const values = stringList(query.filter, key);
      if (values) {
        conditions.push(`${column} in (${values.map(() => '?').join(',')})`);
        params.push(...values);
      }
    }
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(
      `select count(*) from ${s}.notification_opt_out where ${where}`,
      params,
    );
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<OptOutRow[]>(
      `select * from ${s}.notification_opt_out where ${where} order by ${column} ${direction}, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map(view), total: Number(count) };
  }

  /** Lifts an opt-out (the customer asked to be messaged again). */
  async remove(scope: TenantScope, id: string): Promise<void> {
    assertCan(scope, 'delete', 'NotificationOptOut');
    await scope.em.transactional(async (em) => {
      const [removed] = await em.execute<OptOutRow[]>(
        `delete from ${ident(scope.tenant.schemaName)}.notification_opt_out where id = ? returning *`,
        [id],
      );
      if (!removed) throw Problem.notFound('Opt-out');
      await this.audit.record(withEm(scope, em), {
        action: 'notification-opt-out.removed',
        entityType: 'NotificationOptOut',
        entityId: id,
        before: { recipient: removed.recipient_masked, channel: removed.channel, reason: removed.reason, source: removed.source },
      });
    });
  }

  private phone(scope: TenantScope, raw: string, field: string): string {
    const e164 = toE164(raw, scope.tenant.country);
    if (!e164) throw Problem.validation([{ field, message: 'is not a phone number this chain can message (use +<country code><number>)' }]);
    return e164;
  }
}
