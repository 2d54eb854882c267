import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, stringList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { countryLanguages, DEFAULT_TEMPLATES } from './default-templates.js';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  PLACEHOLDERS,
  type NotificationChannel,
  type NotificationEvent,
} from './notification-events.js';
import type { TemplateInput, TemplateKey } from './notifications.schemas.js';
import { MAX_SMS_SEGMENTS, placeholdersIn, smsSegments } from './sms-text.js';

export const templateListSpec: ListSpec = {
  sortable: { id: 'id', eventType: 'eventType', language: 'language' },
  defaultSort: ['id', 'ASC'],
  filters: ['id', 'eventType', 'channel', 'language', 'source'],
};

interface TemplateRow {
  event_type: NotificationEvent;
  channel: NotificationChannel;
  language: string;
  body: string;
  active: boolean;
  updated_by: string | null;
  updated_at: string;
}

export interface ResolvedTemplate {
  id: string;
  language: string;
  body: string;
}

const keyOf = (t: { eventType: string; channel: string; language: string }) => `${t.eventType}:${t.channel}:${t.language}`;

/**
 * The chain's wording per event, channel and language. What a chain has not written itself comes from the built-in
 * defaults of its country's languages; a template the chain switched off is never used, not even its default.
 */
@Injectable()
export class NotificationTemplatesService {
  constructor(private readonly audit: AuditService) {}

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'NotificationTemplate');
    const query = parseListQuery(rawQuery, templateListSpec);
    const all = await this.effective(scope);
    const filters = Object.fromEntries(
      (['id', 'eventType', 'channel', 'language', 'source'] as const).map((key) => [key, stringList(query.filter, key)]),
    );
    const rows = all.filter((t) =>
      Object.entries(filters).every(([key, values]) => !values || values.includes(String(t[key as keyof typeof t]))),
    );
    const [field, direction] = Object.entries(query.orderBy)[0];
    rows.sort((a, b) => {
      const order = String(a[field as keyof typeof a]).localeCompare(String(b[field as keyof typeof b])) || a.id.localeCompare(b.id);
      return direction === 'desc' ? -order : order;
    });
    return { query, rows: rows.slice(query.offset, query.offset + query.limit), total: rows.length };
  }

  async get(scope: TenantScope, key: TemplateKey) {
    assertCan(scope, 'read', 'NotificationTemplate');
    const template = (await this.effective(scope)).find((t) => t.id === keyOf(key));
    if (template) return template;
    if (!DEFAULT_TEMPLATES[key.language]?.[key.eventType]) throw Problem.notFound('Notification template');
    return this.view(key, undefined);
  }

  /** Saves the chain's own wording (creating or replacing it); placeholders are checked against the event's. */
  async save(scope: TenantScope, key: TemplateKey, input: TemplateInput) {
    assertCan(scope, 'update', 'NotificationTemplate');
    const allowed = PLACEHOLDERS[key.eventType];
    const unknown = placeholdersIn(input.body).filter((name) => !allowed.includes(name));
    if (unknown.length)
      throw Problem.unprocessable(
        `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}. A ${key.eventType} message can use ${allowed.map((n) => `{{${n}}}`).join(', ')}.`,
        'unknown-placeholders',
        { placeholders: unknown, allowed },
      );
    const fixedText = input.body.replace(/\{\{\s*[A-Za-z][A-Za-z0-9]*\s*\}\}/g, '');
    if (smsSegments(fixedText) > MAX_SMS_SEGMENTS)
      throw Problem.unprocessable(
        `This wording alone is longer than ${MAX_SMS_SEGMENTS} SMS parts; shorten it so the details fit.`,
        'template-too-long',
      );
    const s = ident(scope.tenant.schemaName);
    await scope.em.transactional(async (em) => {
      const [before] = await em.execute<TemplateRow[]>(
        `select * from ${s}.notification_template where event_type = ? and channel = ? and language = ? for update`,
        [key.eventType, key.channel, key.language],
      );
      await em.execute(
        `insert into ${s}.notification_template (id, event_type, channel, language, body, active, updated_by)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (event_type, channel, language)
         do update set body = excluded.body, active = excluded.active, updated_by = excluded.updated_by, updated_at = now()`,
        [randomUUID(), key.eventType, key.channel, key.language, input.body, input.active, scope.actor?.id ?? null],
      );
      await this.audit.record(withEm(scope, em), {
        action: 'notification-template.saved',
        entityType: 'NotificationTemplate',
        entityId: keyOf(key),
        before: before ? { body: before.body, active: before.active } : null,
        after: { body: input.body, active: input.active },
      });
    });
    return this.get(scope, key);
  }

  /** Drops the chain's wording: the built-in default (if there is one in that language) applies again. */
  async revert(scope: TenantScope, key: TemplateKey): Promise<void> {
    assertCan(scope, 'update', 'NotificationTemplate');
    const s = ident(scope.tenant.schemaName);
    await scope.em.transactional(async (em) => {
      const [removed] = await em.execute<TemplateRow[]>(
        `delete from ${s}.notification_template where event_type = ? and channel = ? and language = ? returning *`,
        [key.eventType, key.channel, key.language],
      );
      if (!removed) throw Problem.notFound('A template of this chain');
      await this.audit.record(withEm(scope, em), {
        action: 'notification-template.reverted',
        entityType: 'NotificationTemplate',
        entityId: keyOf(key),
        before: { body: removed.body, active: removed.active },
      });
    });
  }

  /**
   * The template to send: in the recipient's language when the chain has wording for it (its own or a default), else
   * in the country's first language. Undefined when the chain switched that template off: it then sends nothing,
   * rather than the same message in a language the recipient did not choose.
   */
  async resolve(
    scope: TenantScope,
    eventType: NotificationEvent,
    channel: NotificationChannel,
    language?: string,
  ): Promise<ResolvedTemplate | undefined> {
    const rows = await this.rows(scope, { eventType, channel });
    const candidates = [...(language ? [language] : []), ...countryLanguages(scope.tenant.country)];
    const chosen = candidates.find((lang) => rows.some((r) => r.language === lang) || DEFAULT_TEMPLATES[lang]?.[eventType]) ?? 'en';
    const own = rows.find((r) => r.language === chosen);
    const body = own ? (own.active ? own.body : undefined) : DEFAULT_TEMPLATES[chosen]?.[eventType];
    return body === undefined ? undefined : { id: keyOf({ eventType, channel, language: chosen }), language: chosen, body };
  }

  /** The chain's templates and, where it has none, the defaults for its country's languages. */
  private async effective(scope: TenantScope) {
    const rows = await this.rows(scope);
    const keys = new Map<string, TemplateKey>();
    for (const row of rows)
      keys.set(keyOf({ eventType: row.event_type, channel: row.channel, language: row.language }), {
        eventType: row.event_type,
        channel: row.channel,
        language: row.language,
      });
    for (const eventType of NOTIFICATION_EVENTS)
      for (const channel of NOTIFICATION_CHANNELS)
        for (const language of countryLanguages(scope.tenant.country))
          keys.set(keyOf({ eventType, channel, language }), { eventType, channel, language });
    return [...keys.values()].map((key) =>
      this.view(
        key,
        rows.find((r) => r.event_type === key.eventType && r.channel === key.channel && r.language === key.language),
      ),
    );
  }

  private view(key: TemplateKey, row: TemplateRow | undefined) {
    const builtIn = DEFAULT_TEMPLATES[key.language]?.[key.eventType] ?? null;
    return {
      id: keyOf(key),
      eventType: key.eventType,
      channel: key.channel,
      language: key.language,
      body: row?.body ?? builtIn,
      active: row ? row.active : builtIn !== null,
      source: row ? ('chain' as const) : ('default' as const),
      defaultBody: builtIn,
      placeholders: PLACEHOLDERS[key.eventType],
      updatedBy: row?.updated_by ?? null,
      updatedAt: row ? new Date(row.updated_at) : null,
    };
  }

  private rows(scope: TenantScope, only?: { eventType: NotificationEvent; channel: NotificationChannel }): Promise<TemplateRow[]> {
    const s = ident(scope.tenant.schemaName);
    return only
      ? scope.em.execute<TemplateRow[]>(`select * from ${s}.notification_template where event_type = ? and channel = ?`, [
          only.eventType,
          only.channel,
        ])
      : scope.em.execute<TemplateRow[]>(`select * from ${s}.notification_template`);
  }
}
