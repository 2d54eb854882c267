'use client';
import type { MouseEvent } from 'react';
import {
  ChipField,
  CreateButton,
  Datagrid,
  DateField,
  FunctionField,
  Link,
  List,
  NumberField,
  ReferenceField,
  TextField as RaTextField,
  TopToolbar,
} from 'react-admin';
import { guarded, useCanOpen } from '../auth/RequireRole';
import { formatMoney } from '../money';
import { CloseDrawerButton } from './cash-drawer';

/** A link inside a clickable row opens its own target, not the row's. */
const stopRowClick = (event: MouseEvent) => event.stopPropagation();

const money = (minor: number | null, currency = 'INR') => (minor === null ? '—' : formatMoney(minor, currency));

export const ReturnList = guarded('sales', () => (
  <List sort={{ field: 'returnedAt', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <FunctionField
        label="Credit note"
        sortBy="creditNoteNo"
        render={(r: { id: string; creditNoteNo: string }) => (
          <Link to={`/returns/${r.id}/show`} onClick={stopRowClick}>
            {r.creditNoteNo}
          </Link>
        )}
      />
      <DateField source="returnedAt" showTime />
      <FunctionField
        label="Invoice"
        sortable={false}
        render={(r: { saleId: string; original: { invoiceNo: string } }) => (
          <Link to={`/sales/${r.saleId}/show`} onClick={stopRowClick}>
            {r.original.invoiceNo}
          </Link>
        )}
      />
      <RaTextField source="reason" />
      <FunctionField label="Total" render={(r: { totals: { total: number }; currency: string }) => money(r.totals.total, r.currency)} />
    </Datagrid>
  </List>
));

export const MovementList = guarded('stock', () => (
  <List sort={{ field: 'occurredAt', order: 'DESC' }} title="Stock movements">
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <DateField source="occurredAt" showTime />
      <RaTextField source="productName" label="Product" />
      <RaTextField source="batchNo" />
      <ChipField source="kind" />
      <NumberField source="quantity" />
      <RaTextField source="reason" />
      <RaTextField source="reference" />
    </Datagrid>
  </List>
));

/** A toolbar with the create button only for the roles that may use the create screen. */
function CreateActions({ screen, label }: { screen: 'transfer-send' | 'cash-drawer'; label: string }) {
  const allowed = useCanOpen(screen);
  return <TopToolbar>{allowed && <CreateButton label={label} />}</TopToolbar>;
}

export const TransferList = guarded('stock', () => (
  <List
    sort={{ field: 'createdAt', order: 'DESC' }}
    title="Transfers"
    empty={false}
    actions={<CreateActions screen="transfer-send" label="Send stock" />}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <DateField source="createdAt" showTime />
      <ReferenceField source="fromStoreId" reference="stores" link={false} />
      <ReferenceField source="toStoreId" reference="stores" link={false} />
      <ChipField source="status" />
      <NumberField source="quantitySent" />
      <NumberField source="discrepancy" />
    </Datagrid>
  </List>
));

export const CashSessionList = guarded('cash-sessions', () => (
  <List
    sort={{ field: 'openedAt', order: 'DESC' }}
    title="Cash drawer"
    empty={false}
    actions={<CreateActions screen="cash-drawer" label="Open drawer" />}
  >
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <ReferenceField source="storeId" reference="stores" link={false} />
      <ChipField source="status" />
      <DateField source="openedAt" showTime />
      <FunctionField label="Float" render={(r: { openingFloat: number }) => money(r.openingFloat)} />
      <NumberField source="salesCount" label="Sales" />
      <FunctionField label="Expected" render={(r: { expectedCash: number | null }) => money(r.expectedCash)} />
      <FunctionField label="Counted" render={(r: { countedCash: number | null }) => money(r.countedCash)} />
      <FunctionField label="Difference" render={(r: { difference: number | null }) => money(r.difference)} />
      <CloseDrawerButton />
    </Datagrid>
  </List>
));
