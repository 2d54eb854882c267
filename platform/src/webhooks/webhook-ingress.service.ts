import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createHash, randomUUID } from 'node:crypto';
import { WebhookVerificationError, type IncomingWebhook, type MessageStatusEvent, type PaymentEvent } from '@dawa/plugin-sdk';
import type { Logger } from 'pino';
import { Problem } from '../common/problem.js';
import { systemScope, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { RATE_LIMITER } from '../identity/auth-rate-limit.js';
import type { RateLimiter } from '../identity/rate-limiter.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { SLUG_PATTERN } from '../tenancy/tenant-resolver.js';
import { TenantRegistry } from '../tenancy/tenant-registry.service.js';
import { MESSAGE_STATUS_WEBHOOK_TOPIC, PAYMENT_WEBHOOK_TOPIC } from './webhook-topics.js';

export interface WebhookDelivery extends IncomingWebhook {
  tenantSlug: string;
  plugin: string;
  remoteIp: string;
}

/**
 * Refusals recorded per tenant and plugin per minute. A flood of forged deliveries is still refused, but past this
 * it is only logged: the open route must not let anyone grow a tenant's table without bound.
 */
export const REFUSALS_RECORDED_PER_MINUTE = 100;

interface ParsedEvent {
  kind: 'payment' | 'message-status';
  eventId: string;
  type: string;
  event: PaymentEvent | MessageStatusEvent;
}

/**
 * Takes a vendor's webhook or callback for a tenant's payment or messaging plugin: the plugin verifies it (signature
 * or path token) and turns it into events; each new event is stored in the tenant's inbox and, in the same
 * transaction, put on the outbox for processing; the vendor gets its 2xx at once. A redelivered event finds its inbox
 * row and is counted as a duplicate. A delivery that does not verify is refused with a 401 and recorded (without its
 * body) even though nothing else is stored.
 */
@Injectable()
export class WebhookIngressService {
  constructor(
    private readonly orm: MikroORM,
    private readonly tenants: TenantRegistry,
    private readonly plugins: PluginHostService,
    private readonly outbox: OutboxService,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async receive(delivery: WebhookDelivery): Promise<{ received: number; duplicates: number }> {
    const tenant = SLUG_PATTERN.test(delivery.tenantSlug) ? await this.tenants.bySlug(delivery.tenantSlug) : undefined;
    // A suspended chain's vendors are told nothing more than an unknown one's.
    if (!tenant || tenant.status !== 'active') throw Problem.notFound('Webhook endpoint');
    const scope: TenantScope = {
      ...systemScope(tenant, this.orm.em.fork({ schema: tenant.schemaName }), `webhook:${delivery.plugin}`),
      ip: delivery.remoteIp,
    };
    const events = await this.parse(scope, delivery);
    return scope.em.transactional(async (em) => {
      const s = ident(tenant.schemaName);
      let received = 0;
      for (const parsed of events) {
        const id = randomUUID();
        const event = JSON.parse(JSON.stringify(parsed.event)) as Record<string, unknown>;
        const inserted = await em.execute<{ id: string }[]>(
          `insert into ${s}.webhook_inbox (id, plugin, kind, event_id, event_type, event) values (?, ?, ?, ?, ?, ?::jsonb)
           on conflict (plugin, event_id) do nothing returning id`,
          [id, delivery.plugin, parsed.kind, parsed.eventId, parsed.type, JSON.stringify(event)],
        );
        if (!inserted.length) continue;
        received++;
        await this.outbox.emit(withEm(scope, em), {
          topic: parsed.kind === 'payment' ? PAYMENT_WEBHOOK_TOPIC : MESSAGE_STATUS_WEBHOOK_TOPIC,
          payload: { inboxId: id, plugin: delivery.plugin, event },
          dedupeKey: id,
        });
      }
      return { received, duplicates: events.length - received };
    });
  }

  private async parse(scope: TenantScope, delivery: WebhookDelivery): Promise<ParsedEvent[]> {
    const webhook: IncomingWebhook = { rawBody: delivery.rawBody, headers: delivery.headers, url: delivery.url };
    const payment = await this.plugins.namedProvider(scope, delivery.plugin, 'payment');
    const messaging = payment ? undefined : await this.plugins.namedProvider(scope, delivery.plugin, 'messaging');
    if (!payment && !messaging) throw Problem.notFound('Webhook endpoint');
    try {
      if (payment) {
        return (await payment.parseWebhook(webhook)).map((event) => ({ kind: 'payment', eventId: event.eventId, type: event.type, event }));
      }
      return (await messaging!.parseStatusCallback(webhook)).map((event) => ({
        kind: 'message-status',
        eventId: event.eventId,
        type: `message.${event.status}`,
        event,
      }));
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        await this.refuse(scope, delivery, error.message);
        throw Problem.unauthorized('This webhook could not be verified.', 'webhook-unverified');
      }
      // Verified but unreadable: the vendor changed its format or the plugin has a bug. Retrying will not help.
      this.logger.warn({ tenant: scope.tenant.slug, plugin: delivery.plugin, err: error }, 'webhook could not be parsed');
      throw Problem.badRequest('This webhook could not be read by its plugin.');
    }
  }

  /** Commits on its own: the request is refused, but the refusal must stay on record. */
  private async refuse(scope: TenantScope, delivery: WebhookDelivery, reason: string): Promise<void> {
    const budget = await this.limiter.hit(`webhook-refusal:${scope.tenant.id}:${delivery.plugin}`, REFUSALS_RECORDED_PER_MINUTE, 60);
    if (!budget.allowed) {
      this.logger.warn(
        { tenant: scope.tenant.slug, plugin: delivery.plugin, ip: delivery.remoteIp },
        'webhook refused (not recorded: flood)',
      );
      return;
    }
    await scope.em.execute(
      `insert into ${ident(scope.tenant.schemaName)}.webhook_refusal (id, plugin, reason, remote_ip, body_sha256) values (?, ?, ?, ?, ?)`,
      [randomUUID(), delivery.plugin, reason.slice(0, 500), delivery.remoteIp, createHash('sha256').update(delivery.rawBody).digest('hex')],
    );
  }
}
