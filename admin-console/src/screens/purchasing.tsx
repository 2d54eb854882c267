'use client';
import { Button } from '@mui/material';
import {
  BooleanField,
  ChipField,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { RequireRole } from '../auth/RequireRole';
import { formatMoney } from '../money';

interface PurchaseOrder {
  id: string;
  status: string;
  currency: string;
  total: number;
}

const total = (r: PurchaseOrder) => formatMoney(r.total, r.currency);

/** The next step a purchase order's status allows; the API refuses what the role or the state does not. */
const NEXT_STEP: Record<string, { action: string; label: string } | undefined> = {
  draft: { action: 'submit', label: 'Submit' },
  pending_approval: { action: 'approve', label: 'Approve' },
  approved: { action: 'send', label: 'Send to supplier' },
};

function NextStepButton() {
  const order = useRecordContext<PurchaseOrder>();
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  const step = order && NEXT_STEP[order.status];
  if (!order || !step) return null;
  return (
    <Button
      onClick={async () => {
        try {
          await api.fetchJson(`/api/v1/purchase-orders/${order.id}/${step.action}`, { method: 'POST', body: '{}' });
          notify(`${step.label}: done.`, { type: 'success' });
          refresh();
        } catch (error) {
          notify(problemMessage(error), { type: 'error' });
        }
      }}
    >
      {step.label}
    </Button>
  );
}

export function PurchaseOrderList() {
  return (
    <RequireRole screen="purchase-orders">
      <List sort={{ field: 'createdAt', order: 'DESC' }} title="Purchase orders">
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

export function PurchaseOrderShow() {
  return (
    <RequireRole screen="purchase-orders">
      <Show
        actions={
          <TopToolbar>
            <NextStepButton />
          </TopToolbar>
        }
      >
        <SimpleShowLayout>
          <TextField source="poNumber" label="PO" />
          <TextField source="supplierName" label="Supplier" />
          <ChipField source="status" />
          <FunctionField label="Total" render={total} />
          <TextField source="invoiceMatch" label="Invoice match" emptyText="—" />
          <FunctionField
            label="Lines"
            render={(r: { lines: { productName: string; quantity: number }[] }) =>
              r.lines.map((l) => `${l.productName} × ${l.quantity}`).join(', ')
            }
          />
        </SimpleShowLayout>
      </Show>
    </RequireRole>
  );
}

export function SupplierList() {
  return (
    <RequireRole screen="suppliers">
      <List sort={{ field: 'name', order: 'ASC' }}>
        <Datagrid rowClick={false} bulkActionButtons={false}>
          <TextField source="name" />
          <TextField source="taxId" label="Tax ID" />
          <TextField source="phone" />
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
  return (
    <RequireRole screen="supplier-returns">
      <List sort={{ field: 'createdAt', order: 'DESC' }} title="Supplier returns">
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
        </Datagrid>
      </List>
    </RequireRole>
  );
}
