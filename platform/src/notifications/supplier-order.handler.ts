import { Injectable } from '@nestjs/common';
import { formatMinorUnits } from '@dawa/plugin-sdk';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import type { PurchaseOrderSentRequest } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';

/** Lines named in full in the SMS; the supplier gets the rest from the order itself. */
const LISTED_LINES = 10;

/**
 * The purchase order, as an SMS to the supplier's phone, once the order is sent. One message per order (the business
 * key), however often the outbox event is delivered; a supplier without a phone is recorded as skipped.
 */
@Injectable()
export class SupplierOrderHandler implements OutboxHandler<PurchaseOrderSentRequest> {
  constructor(private readonly sender: NotificationSender) {}

  async handle(event: OutboxEvent<PurchaseOrderSentRequest>, scope: TenantScope): Promise<void> {
    const s = ident(scope.tenant.schemaName);
    const [order] = await scope.em.execute<
      {
        store_id: string;
        store: string;
        address: string;
        supplier: string;
        phone: string | null;
        po_number: string;
        total: string;
        currency: string;
      }[]
    >(
      `select po.store_id, st.name as store, st.address, sup.name as supplier, sup.phone, po.po_number, po.total, po.currency
       from ${s}.purchase_order po join ${s}.store st on st.id = po.store_id join ${s}.supplier sup on sup.id = po.supplier_id
       where po.id = ?`,
      [event.payload.purchaseOrderId],
    );
    if (!order) return;
    const lines = await scope.em.execute<{ name: string; quantity: number; pack_size: number; base_unit: string }[]>(
      `select p.name, l.quantity, l.pack_size, p.base_unit from ${s}.purchase_order_line l join ${s}.product p on p.id = l.product_id
       where l.purchase_order_id = ? order by l.line_no`,
      [event.payload.purchaseOrderId],
    );
    const described = lines.map((l) =>
      l.quantity % l.pack_size === 0 ? `${l.name} x${l.quantity / l.pack_size} packs` : `${l.name} ${l.quantity} ${l.base_unit}`,
    );
    await this.sender.deliver(scope, {
      businessKey: `supplier-order:${event.payload.purchaseOrderId}`,
      eventType: 'supplier.order',
      channel: 'sms',
      storeId: order.store_id,
      recipient: order.phone ?? undefined,
      values: {
        chain: scope.tenant.name,
        store: order.store,
        storeAddress: order.address,
        supplierName: order.supplier,
        poNumber: order.po_number,
        items:
          described.slice(0, LISTED_LINES).join('; ') +
          (described.length > LISTED_LINES ? ` +${described.length - LISTED_LINES} more` : ''),
        total: `${order.currency} ${formatMinorUnits(Number(order.total))}`,
      },
    });
  }
}
