import { Injectable } from '@nestjs/common';
import { formatMinorUnits } from '@dawa/plugin-sdk';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import type { SaleCustomer } from '../sales/sales.schemas.js';
import type { SaleReceiptRequest } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';

/** The receipt SMS of a sale whose customer gave a phone number and asked for it. */
@Injectable()
export class SaleReceiptHandler implements OutboxHandler<SaleReceiptRequest> {
  constructor(private readonly sender: NotificationSender) {}

  async handle(event: OutboxEvent<SaleReceiptRequest>, scope: TenantScope): Promise<void> {
    const s = ident(scope.tenant.schemaName);
    const [sale] = await scope.em.execute<
      {
        store_id: string;
        store: string;
        invoice_no: string;
        day: string;
        total: string;
        currency: string;
        customer: SaleCustomer | null;
        items: number;
      }[]
    >(
      `select s.store_id, st.name as store, s.invoice_no, to_char(s.business_date, 'YYYY-MM-DD') as day, s.total, s.currency, s.customer,
              (select count(*)::int from ${s}.sale_line l where l.sale_id = s.id) as items
       from ${s}.sale s join ${s}.store st on st.id = s.store_id where s.id = ?`,
      [event.payload.saleId],
    );
    if (!sale?.customer?.phone || !sale.customer.smsReceipt) return;
    await this.sender.deliver(scope, {
      businessKey: `sale-receipt:${event.payload.saleId}`,
      eventType: 'sale.receipt',
      channel: 'sms',
      storeId: sale.store_id,
      recipient: sale.customer.phone,
      language: sale.customer.language,
      values: {
        chain: scope.tenant.name,
        store: sale.store,
        customerName: sale.customer.name ?? '',
        invoiceNo: sale.invoice_no,
        date: sale.day,
        total: `${sale.currency} ${formatMinorUnits(Number(sale.total))}`,
        items: sale.items,
      },
    });
  }
}
