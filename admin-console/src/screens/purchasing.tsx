'use client';
import {
  BooleanField,
  ChipField,
  CreateButton,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  TextField,
  TopToolbar,
  useGetIdentity,
  usePermissions,
} from 'react-admin';
import { RequireRole } from '../auth/RequireRole';
import { canOpen } from '../auth/roles';
import { formatMoney } from '../money';
import { SettleButton } from './supplier-returns';

interface PurchaseOrder {
  id: string;
  status: string;
  currency: string;
  total: number;
}

const total = (r: PurchaseOrder) => formatMoney(r.total, r.currency);

export function PurchaseOrderList() {
  const { permissions } = usePermissions<string[]>();
  return (
    <RequireRole screen="purchase-orders">
      <List
        sort={{ field: 'createdAt', order: 'DESC' }}
        title="Purchase orders"
        actions={<TopToolbar>{canOpen('purchase-orders/edit', permissions) && <CreateButton />}</TopToolbar>}
      >
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="poNumber" label="PO" />
          <TextField source="supplierName" label="Supplier" />
          <ReferenceField source="storeId" reference="stores" link={false} />
          <ChipField source="status" />
          <FunctionField label="Total" render={total} />
          <DateField source="createdAt" />
        </Datagrid>
      </List>
    </RequireRole>
  );
}

/** Only owners and admins keep suppliers: everyone else who buys sees the list without its create and edit. */
export function SupplierList() {
  const { permissions } = usePermissions<string[]>();
  const editable = canOpen('suppliers/edit', permissions);
  return (
    <RequireRole screen="suppliers">
      <List sort={{ field: 'name', order: 'ASC' }} actions={<TopToolbar>{editable && <CreateButton />}</TopToolbar>}>
        <Datagrid rowClick={editable ? 'edit' : false} bulkActionButtons={false}>
          <TextField source="name" />
          <TextField source="taxId" label="Tax ID" />
          <TextField source="phone" />
          <NumberField source="returnWindowDays" label="Return window (days)" />
          <NumberField source="leadTimeDays" label="Lead time (days)" />
          <NumberField source="paymentTermsDays" label="Terms (days)" />
          <BooleanField source="active" />
        </Datagrid>
      </List>
    </RequireRole>
  );
}

/** Supplier returns carry no currency of their own: they are in the chain's. */
function ChainMoney({ minor }: { minor: number }) {
  const { data } = useGetIdentity();
  return <>{formatMoney(minor, data?.tenant?.currency ?? 'INR')}</>;
}

export function SupplierReturnList() {
  const { permissions } = usePermissions<string[]>();
  return (
    <RequireRole screen="supplier-returns">
      <List
        sort={{ field: 'createdAt', order: 'DESC' }}
        title="Supplier returns"
        actions={<TopToolbar>{canOpen('supplier-returns/create', permissions) && <CreateButton />}</TopToolbar>}
      >
        <Datagrid rowClick={false} bulkActionButtons={false}>
          <DateField source="createdAt" />
          <TextField source="supplierName" label="Supplier" />
          <TextField source="reason" />
          <ChipField source="status" />
          <FunctionField
            label="Credit expected"
            render={(r: { creditNote: { expectedAmount: number } }) => <ChainMoney minor={r.creditNote.expectedAmount} />}
          />
          <FunctionField
            label="Outstanding"
            render={(r: { creditNote: { outstanding: number } }) => <ChainMoney minor={r.creditNote.outstanding} />}
          />
          <SettleButton />
        </Datagrid>
      </List>
    </RequireRole>
  );
}
