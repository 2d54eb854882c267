'use client';
import { Button, Chip, Stack } from '@mui/material';
import { Link } from 'react-router-dom';
import {
  AutocompleteInput,
  ChipField,
  Datagrid,
  DateField,
  EditButton,
  FunctionField,
  List,
  NumberField,
  ReferenceArrayField,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useNotify,
  useRecordContext,
} from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { guarded, useCanOpen } from '../auth/RequireRole';
import { ROLE_LABELS } from '../auth/roles';
import { formatMoney } from '../money';
import { ReturnItemsButton, SaleLinesField, SaleReturnsField } from './customer-returns';
import { PdfButton } from './pdf-button';

const Money = ({ source, label }: { source: string; label: string }) => (
  <FunctionField
    label={label}
    render={(r: Record<string, unknown>) => {
      const amount = source.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], r);
      return formatMoney(Number(amount ?? 0), typeof r.currency === 'string' ? r.currency : 'INR');
    }}
  />
);

export const ProductList = guarded('products', () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="genericName" />
      <TextField source="manufacturer" />
      <TextField source="schedule" />
      <NumberField source="packSize" />
      <FunctionField label="MRP" render={(r: { mrp: number }) => (r.mrp / 100).toFixed(2)} />
      <ChipField source="status" />
      <EditButton />
    </Datagrid>
  </List>
));

const EXPIRY_COLOUR = { ok: 'success', near_expiry: 'warning', do_not_sell: 'error', expired: 'error' } as const;

/** Opens the adjustment form with the row's store, product and batch filled in. */
function AdjustButton() {
  const batch = useRecordContext<{ id: string; storeId: string; productId: string; batchNo: string }>();
  const allowed = useCanOpen('stock-adjustment');
  if (!batch || !allowed) return null;
  const query = new URLSearchParams({ storeId: batch.storeId, productId: batch.productId, batchId: batch.id });
  return (
    <Button component={Link} to={`/adjust-stock?${query}`} size="small" aria-label={`Adjust batch ${batch.batchNo}`}>
      Adjust
    </Button>
  );
}

function StockActions() {
  const allowed = useCanOpen('stock-adjustment');
  return (
    <TopToolbar>
      {allowed && (
        <Button component={Link} to="/adjust-stock">
          Adjust stock
        </Button>
      )}
    </TopToolbar>
  );
}

const stockFilters = [
  <ReferenceInput key="storeId" source="storeId" reference="stores" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Store" optionText="name" />
  </ReferenceInput>,
  <ReferenceInput key="productId" source="productId" reference="products" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <AutocompleteInput label="Product" optionText="name" sx={{ minWidth: 280 }} />
  </ReferenceInput>,
];

export const StockList = guarded('stock', () => (
  <List sort={{ field: 'expiry', order: 'ASC' }} filters={stockFilters} actions={<StockActions />}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="productName" label="Product" />
      <ReferenceField source="storeId" reference="stores" link={false} />
      <TextField source="batchNo" />
      <FunctionField
        label="Expiry"
        sortBy="expiry"
        render={(r: { expiry: string; expiryStatus: keyof typeof EXPIRY_COLOUR }) => (
          <Chip size="small" color={EXPIRY_COLOUR[r.expiryStatus]} label={`${r.expiry} · ${r.expiryStatus.replace('_', ' ')}`} />
        )}
      />
      <NumberField source="quantity" />
      <AdjustButton />
    </Datagrid>
  </List>
));

function InvoiceButton() {
  const sale = useRecordContext<{ id: string; invoiceNo: string | null }>();
  if (!sale?.invoiceNo) return null;
  return <PdfButton path={`/api/v1/sales/${sale.id}/invoice.pdf`} label="Invoice PDF" />;
}

export const SaleList = guarded('sales', () => (
  <List sort={{ field: 'soldAt', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="invoiceNo" />
      <DateField source="soldAt" showTime />
      <ReferenceField source="storeId" reference="stores" link={false} />
      <ChipField source="status" />
      <Money source="totals.total" label="Total" />
    </Datagrid>
  </List>
));

export const SaleShow = guarded('sales', () => (
  <Show
    actions={
      <TopToolbar>
        <InvoiceButton />
        <ReturnItemsButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <TextField source="invoiceNo" />
      <DateField source="soldAt" showTime />
      <ChipField source="status" />
      <Money source="totals.total" label="Total" />
      <Money source="totals.tax" label="Tax" />
      <Money source="totals.change" label="Change" />
      <FunctionField label="Lines" render={() => <SaleLinesField />} />
      <FunctionField label="Returns" render={() => <SaleReturnsField />} />
    </SimpleShowLayout>
  </Show>
));

export const UserList = guarded('users', () => (
  <List sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="email" />
      <FunctionField
        label="Roles"
        render={(r: { roles: string[] }) => (
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {r.roles.map((role) => (
              <Chip key={role} size="small" color="primary" variant="outlined" label={ROLE_LABELS[role] ?? role} />
            ))}
          </Stack>
        )}
      />
      <ReferenceArrayField source="storeIds" reference="stores" label="Works at" />
      <ChipField source="status" />
      <EditButton />
    </Datagrid>
  </List>
));

export const StoreList = guarded('stores', () => (
  <List sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="code" />
      <TextField source="name" />
      <TextField source="address" />
      <TextField source="region" />
      <EditButton />
    </Datagrid>
  </List>
));

function VerifyChainButton() {
  const api = useApi();
  const notify = useNotify();
  return (
    <Button
      onClick={async () => {
        try {
          const { json } = await api.fetchJson('/api/v1/audit-logs/verify');
          const { valid, checked, firstBrokenId } = json as { valid: boolean; checked: number; firstBrokenId?: number };
          notify(
            valid ? `The audit chain is intact (${checked} entries checked).` : `The audit chain is broken at entry ${firstBrokenId}.`,
            {
              type: valid ? 'success' : 'error',
            },
          );
        } catch (error) {
          notify(problemMessage(error), { type: 'error' });
        }
      }}
    >
      Verify chain
    </Button>
  );
}

export const AuditLogList = guarded('audit-logs', () => (
  <List
    sort={{ field: 'occurredAt', order: 'DESC' }}
    actions={
      <TopToolbar>
        <VerifyChainButton />
      </TopToolbar>
    }
  >
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <DateField source="occurredAt" showTime />
      <TextField source="action" />
      <TextField source="entityType" />
      <TextField source="actorLabel" label="Actor" />
    </Datagrid>
  </List>
));
