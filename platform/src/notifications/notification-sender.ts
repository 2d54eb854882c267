import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PluginError, type MessagingProvider } from '@dawa/plugin-sdk';
import { Problem } from '../common/problem.js';
import { PublicUrl } from '../common/public-url.js';
import { withEm, type TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import type { NotificationChannel, NotificationEvent } from './notification-events.js';
import { fromVendorStatus, type NotificationRow, type NotificationStatus } from './notification-records.js';
import { NotificationTemplatesService } from './notification-templates.service.js';
import { OptOutsService } from './opt-outs.service.js';
import { maskPhone, toE164 } from './phone-numbers.js';
import { renderSms } from './sms-text.js';

/** One message to one person about one business event. */
export interface NotificationRequest {
  /** Unique per message ever meant to be sent (`sale-receipt:<saleId>`): the second attempt finds the first. */
  businessKey: string;
  eventType: NotificationEvent;
  channel: NotificationChannel;
  storeId: string | null;
  /** The phone number as recorded; undefined when the person has none. */
  recipient: string | undefined;
  language?: string;
  values: Record<string, string | number>;
}

/**
 * Vendor answers that resending the same message cannot change (a refused number, a 4xx). Outages, rate limits and a
 * misconfigured plugin are retried by the outbox: the last can succeed once an admin fixes the configuration.
 */
const PERMANENT_VENDOR_ERRORS = ['recipient_opted_out', 'invalid_recipient', 'invalid_input', 'vendor_rejected', 'country_not_supported'];

/**
 * A send that started and never recorded its outcome (the process died between the vendor call and the update) is
 * left alone this long, in case it is still in flight in another process, before it is declared unknown.
 */
const SEND_LEASE_SECONDS = 300;

/** A send in flight elsewhere: the outbox retries this event later. */
class SendInProgress extends Error {}

type Prepared =
  | { done: NotificationRow }
  | { send: { row: NotificationRow; to: string; body: string; provider: MessagingProvider; statusCallbackUrl: string } };

/**
 * Sends a notification at most once per business key: (1) in a transaction, insert the notification row (or find the
 * one an earlier delivery of the event inserted), decide whether to send at all (opt-out, template, plugin) and
 * stamp `send_started_at`; (2) call the vendor outside any transaction; (3) record its reference and status. A
 * redelivered event finds the row already sent or skipped and does nothing. If the process dies inside (2)–(3) the
 * row keeps `send_started_at` without a reference; after the lease the next delivery marks it `failed` with reason
 * `outcome-unknown` instead of sending again: a lost receipt is better than a customer billed twice in their inbox,
 * and the row says so. A vendor error is not a crash: the send is known not to have happened, so the stamp is
 * cleared and the outbox retries (with backoff) unless the error is one no retry can fix.
 */
@Injectable()
export class NotificationSender {
  constructor(
    private readonly plugins: PluginHostService,
    private readonly templates: NotificationTemplatesService,
    private readonly optOuts: OptOutsService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    private readonly publicUrl: PublicUrl,
  ) {}

  async deliver(scope: TenantScope, request: NotificationRequest): Promise<NotificationStatus> {
    const prepared = await scope.em.transactional((em) => this.prepare(withEm(scope, em), request));
    if ('done' in prepared) return prepared.done.status;
    const { row, to, body, provider, statusCallbackUrl } = prepared.send;
    try {
      const sent = await provider.send({ messageId: row.id, channel: request.channel, to, body, statusCallbackUrl });
      return (await this.finish(scope, row.id, { status: fromVendorStatus(sent.status), providerRef: sent.providerRef })).status;
    } catch (caught) {
      const error = caught as Error;
      const code = error instanceof PluginError ? error.code : undefined;
      if (code === 'recipient_opted_out') {
        return scope.em.transactional(async (em) => {
          await this.optOuts.record(withEm(scope, em), { phone: to, channel: request.channel, reason: error.message, source: 'vendor' });
          return (await this.finish(withEm(scope, em), row.id, { status: 'failed', reason: 'recipient-opted-out', error: error.message }))
            .status;
        });
      }
      if (code && PERMANENT_VENDOR_ERRORS.includes(code))
        return (await this.finish(scope, row.id, { status: 'failed', reason: code, error: error.message })).status;
      await scope.em.execute(
        `update ${ident(scope.tenant.schemaName)}.notification set send_started_at = null, last_error = ?, updated_at = now() where id = ?`,
        [error.message.slice(0, 500), row.id],
      );
      throw error;
    }
  }

  private async prepare(scope: TenantScope, request: NotificationRequest): Promise<Prepared> {
    const s = ident(scope.tenant.schemaName);
    const id = randomUUID();
    const to = request.recipient === undefined ? undefined : toE164(request.recipient, scope.tenant.country);
    await scope.em.execute(
      `insert into ${s}.notification (id, business_key, event_type, channel, store_id, recipient_sealed, recipient_masked, recipient_hash)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (business_key) do nothing`,
      [
        id,
        request.businessKey,
        request.eventType,
        request.channel,
        request.storeId,
        to ? this.cipher.encrypt(to, `notification:${id}:recipient`) : null,
        to ? maskPhone(to) : request.recipient ? maskPhone(request.recipient) : null,
        to ? this.optOuts.fingerprint(scope, to) : null,
      ],
    );
    const [row] = await scope.em.execute<(NotificationRow & { sending: boolean })[]>(
      `select *, send_started_at > now() - make_interval(secs => ?) as sending from ${s}.notification where business_key = ? for update`,
      [SEND_LEASE_SECONDS, request.businessKey],
    );
    const skip = async (reason: string, status: NotificationStatus = 'skipped') => ({
      done: await this.finish(scope, row.id, { status, reason }),
    });
    if (row.status !== 'queued' || row.provider_ref) return { done: row };
    if (row.send_started_at) {
      if (row.sending) throw new SendInProgress(`${request.businessKey} is being sent`);
      return { done: await this.finish(scope, row.id, { status: 'failed', reason: 'outcome-unknown' }) };
    }
    if (request.recipient === undefined) return skip('no-recipient');
    if (!to) return skip('invalid-recipient', 'failed');
    if (await this.optOuts.isOptedOut(scope, to, request.channel)) return skip('opted-out');
    const template = await this.templates.resolve(scope, request.eventType, request.channel, request.language);
    if (!template) return skip('template-disabled');
    let provider: MessagingProvider;
    let statusCallbackUrl: string;
    try {
      const messaging = await this.plugins.providing(scope, 'messaging');
      provider = messaging.provider;
      // The vendor reports delivery to the plugin's webhook route; the status handler moves the notification on.
      statusCallbackUrl = `${this.publicUrl.base()}/api/v1/webhooks/${scope.tenant.slug}/${messaging.plugin}`;
    } catch (error) {
      // No plugin (or a broken configuration) is the chain's choice, not a transient fault: retrying cannot help.
      if (error instanceof Problem) return skip(error.details.type.split('/').pop()!);
      throw error;
    }
    if (!provider.channels.includes(request.channel)) return skip(`no-${request.channel}-channel`);
    const [claimed] = await scope.em.execute<NotificationRow[]>(
      `update ${s}.notification set attempts = attempts + 1, send_started_at = now(), language = ?, template = ?, updated_at = now()
       where id = ? returning *`,
      [template.language, template.id, row.id],
    );
    return { send: { row: claimed, to, body: renderSms(template.body, request.values), provider, statusCallbackUrl } };
  }

  private async finish(
    scope: TenantScope,
    id: string,
    outcome: { status: NotificationStatus; providerRef?: string; reason?: string; error?: string },
  ): Promise<NotificationRow> {
    const [row] = await scope.em.execute<NotificationRow[]>(
      `update ${ident(scope.tenant.schemaName)}.notification
       set status = ?, provider_ref = ?, reason = ?, last_error = ?, updated_at = now() where id = ? returning *`,
      [outcome.status, outcome.providerRef ?? null, outcome.reason ?? null, outcome.error?.slice(0, 500) ?? null, id],
    );
    return row;
  }
}
