'use client';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  Create,
  Edit,
  Form,
  NumberInput,
  ReferenceInput,
  SaveButton,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Title,
  required,
  useEditContext,
  useNotify,
} from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { RequireRole, guarded } from '../auth/RequireRole';
import { formatMoney, parseMoney } from '../money';

/** Pickers list by name: the API sorts only by columns people sort by, and react-admin would ask for `id`. */
export const BY_NAME = { field: 'name', order: 'ASC' } as const;

/** Money is typed in major units (24.85) and travels in minor units (2485). */
const validMoney = (value: unknown) =>
  value === undefined || value === null || value === '' || parseMoney(String(value)) !== undefined
    ? undefined
    : 'Enter an amount like 24.85';
const minor = (value: unknown): number | null =>
  value === undefined || value === null || value === '' ? null : parseMoney(String(value))!;
const major = (minorUnits: number) => (minorUnits / 100).toFixed(2);

function SupplierFields() {
  return (
    <>
      <TextInput source="name" validate={required()} />
      <TextInput source="taxId" label="Tax ID (GSTIN / KRA PIN)" />
      <TextInput source="phone" helperText="Purchase orders are sent here by SMS" />
      <TextInput source="email" type="email" />
      <Stack direction="row" spacing={2}>
        <NumberInput source="paymentTermsDays" label="Payment terms (days)" min={0} defaultValue={30} />
        <NumberInput source="returnWindowDays" label="Return window (days)" min={0} defaultValue={90} />
        <NumberInput source="leadTimeDays" label="Lead time (days)" min={0} defaultValue={7} />
      </Stack>
    </>
  );
}

export const SupplierCreate = guarded('suppliers/edit', () => (
  <Create title="New supplier" redirect="edit">
    <SimpleForm>
      <SupplierFields />
    </SimpleForm>
  </Create>
));

interface SupplierProduct {
  productId: string;
  productName: string;
  supplierSku: string | null;
  lastCost: number | null;
  preferred: boolean;
}

/** What the supplier sells us and at what price per pack; setting a product again updates it. */
function SupplierProducts() {
  const { record } = useEditContext<{ id: string }>();
  const api = useApi();
  const notify = useNotify();
  const [products, setProducts] = useState<SupplierProduct[]>([]);
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    if (record)
      api.fetchJson(`/api/v1/suppliers/${record.id}/products`).then(
        ({ json }) => setProducts(json),
        () => undefined,
      );
  }, [api, record]);
  if (!record) return null;

  const save = async (values: Record<string, unknown>) => {
    try {
      await api.fetchJson(`/api/v1/suppliers/${record.id}/products/${values.productId}`, {
        method: 'PUT',
        body: JSON.stringify({
          supplierSku: values.supplierSku || null,
          lastCost: minor(values.lastCost),
          preferred: Boolean(values.preferred),
        }),
      });
      const { json } = await api.fetchJson(`/api/v1/suppliers/${record.id}/products`);
      setProducts(json);
      setFormKey((k) => k + 1);
      notify('Product price saved.', { type: 'success' });
    } catch (error) {
      notify(problemMessage(error), { type: 'error' });
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          Products and prices
        </Typography>
        <Table size="small" aria-label="Products this supplier sells">
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell>Supplier SKU</TableCell>
              <TableCell align="right">Last cost per pack</TableCell>
              <TableCell>Preferred</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {products.map((p) => (
              <TableRow key={p.productId}>
                <TableCell>{p.productName}</TableCell>
                <TableCell>{p.supplierSku ?? '—'}</TableCell>
                <TableCell align="right">{p.lastCost === null ? '—' : major(p.lastCost)}</TableCell>
                <TableCell>{p.preferred ? 'yes' : 'no'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Form key={formKey} onSubmit={save} record={{}} resource="suppliers">
          <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'baseline', flexWrap: 'wrap' }}>
            <ReferenceInput source="productId" reference="products" sort={BY_NAME}>
              <AutocompleteInput label="Product" optionText="name" validate={required()} sx={{ minWidth: 280 }} />
            </ReferenceInput>
            <TextInput source="supplierSku" label="Supplier SKU" />
            <TextInput source="lastCost" label="Cost per pack" validate={validMoney} />
            <BooleanInput source="preferred" label="Preferred supplier" />
            <SaveButton label="Save product" alwaysEnable />
          </Stack>
        </Form>
      </CardContent>
    </Card>
  );
}

export const SupplierEdit = guarded('suppliers/edit', () => (
  <Edit mutationMode="pessimistic" redirect={false}>
    <SimpleForm>
      <SupplierFields />
      <BooleanInput source="active" helperText="Inactive suppliers take no new orders" />
    </SimpleForm>
    <SupplierProducts />
  </Edit>
));

interface DraftLine {
  productId: string;
  quantity: number;
  packCost: string;
  taxRate?: number;
}

/** A draft order: quantities in base units (tablets, ml) as stock is counted, costs per pack before tax. */
export const PurchaseOrderCreate = guarded('purchase-orders/edit', () => (
  <Create
    title="New purchase order"
    redirect="show"
    transform={(data: { storeId: string; supplierId: string; notes?: string; lines?: DraftLine[] }) => ({
      storeId: data.storeId,
      supplierId: data.supplierId,
      ...(data.notes ? { notes: data.notes } : {}),
      lines: (data.lines ?? []).map((l) => ({
        productId: l.productId,
        quantity: Number(l.quantity),
        packCost: minor(l.packCost),
        taxRate: Number(l.taxRate ?? 0),
      })),
    })}
  >
    <SimpleForm>
      <ReferenceInput source="supplierId" reference="suppliers" filter={{ active: true }} sort={BY_NAME}>
        <AutocompleteInput label="Supplier" optionText="name" validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="storeId" reference="stores" sort={BY_NAME}>
        <AutocompleteInput label="Store" optionText="name" validate={required()} />
      </ReferenceInput>
      <ArrayInput source="lines" label="Lines" validate={required()}>
        <SimpleFormIterator inline disableReordering>
          <ReferenceInput source="productId" reference="products" sort={BY_NAME}>
            <AutocompleteInput label="Product" optionText="name" validate={required()} sx={{ minWidth: 280 }} />
          </ReferenceInput>
          <NumberInput source="quantity" label="Quantity (base units)" min={1} validate={required()} />
          <TextInput source="packCost" label="Cost per pack" validate={[required(), validMoney]} />
          <NumberInput source="taxRate" label="Tax %" min={0} max={100} defaultValue={0} />
        </SimpleFormIterator>
      </ArrayInput>
      <TextInput source="notes" multiline fullWidth />
    </SimpleForm>
  </Create>
));

export interface OrderLine {
  productId: string;
  productName: string;
  quantity: number;
  packSize: number;
  packCost: number;
  taxRate: number;
  receivedQuantity: number;
  freeQuantity: number;
  openQuantity: number;
}
export interface Order {
  id: string;
  poNumber: string | null;
  status: string;
  currency: string;
  supplierName: string;
  lines: OrderLine[];
}

function useOrder(id: string | undefined) {
  const api = useApi();
  const [order, setOrder] = useState<Order | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (id)
      api.fetchJson(`/api/v1/purchase-orders/${id}`).then(
        ({ json }) => setOrder(json),
        (e) => setError(problemMessage(e)),
      );
  }, [api, id]);
  return { order, error };
}

/** The shell both per-line entry pages share: a title, the order's error or its form, and a submit button. */
function OrderLinesPage({
  title,
  order,
  error,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  order: Order | undefined;
  error: string | undefined;
  submitLabel: string;
  onSubmit(): Promise<void>;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box sx={{ p: 2 }}>
      <Title title={title} />
      {order && (
        <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
          {title}: {order.poNumber ?? 'draft'} · {order.supplierName}
        </Typography>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      {order && (
        <Box component="form" onSubmit={submit}>
          {children}
          <Button type="submit" variant="contained" disabled={busy} sx={{ mt: 2 }}>
            {submitLabel}
          </Button>
        </Box>
      )}
    </Box>
  );
}

interface ReceiptRow {
  batchNo: string;
  expiry: string;
  quantity: string;
  freeQuantity: string;
  cost: string;
  mrp: string;
}

/**
 * A goods receipt (GRN) against a sent order: one row per ordered product, prefilled with what is still open and the
 * ordered cost. Lowering a quantity records a partial receipt; a row left at zero is not received this time.
 */
export function GoodsReceiptPage() {
  const { id } = useParams();
  const api = useApi();
  const notify = useNotify();
  const navigate = useNavigate();
  const { order, error } = useOrder(id);
  const [rows, setRows] = useState<ReceiptRow[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const lastAttempt = useRef<{ body: string; key: string }>(undefined);

  useEffect(() => {
    if (order)
      setRows(
        order.lines.map((l) => ({
          batchNo: '',
          expiry: '',
          quantity: String(l.openQuantity),
          freeQuantity: '0',
          cost: major(l.packCost),
          mrp: '',
        })),
      );
  }, [order]);

  const set = (i: number, field: keyof ReceiptRow, value: string) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, [field]: value } : r)));

  const submit = async () => {
    const lines = rows
      .map((r, i) => ({ row: r, line: order!.lines[i] }))
      .filter(({ row }) => Number(row.quantity) + Number(row.freeQuantity) > 0)
      .map(({ row, line }) => ({
        productId: line.productId,
        batchNo: row.batchNo.trim(),
        expiry: row.expiry,
        quantity: Number(row.quantity),
        freeQuantity: Number(row.freeQuantity),
        cost: parseMoney(row.cost) ?? -1,
        mrp: parseMoney(row.mrp) ?? -1,
      }));
    if (!lines.length) return setProblem('Enter a quantity for at least one line.');
    try {
      const body = JSON.stringify({ lines });
      // The same lines sent again (a double click, a retry after a lost answer) reuse the key, so stock moves once.
      if (lastAttempt.current?.body !== body) lastAttempt.current = { body, key: crypto.randomUUID() };
      await api.fetchJson(`/api/v1/purchase-orders/${id}/receipts`, {
        method: 'POST',
        headers: new Headers({ 'Idempotency-Key': lastAttempt.current.key }),
        body,
      });
      notify('Goods received into stock.', { type: 'success' });
      navigate(`/purchase-orders/${id}/show`);
    } catch (e) {
      setProblem(problemMessage(e));
    }
  };

  return (
    <RequireRole screen="purchase-orders/edit">
      <OrderLinesPage title="Receive goods" order={order} error={error} submitLabel="Record receipt" onSubmit={submit}>
        {problem && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {problem}
          </Alert>
        )}
        <Table size="small" aria-label="Goods received">
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell align="right">Open</TableCell>
              <TableCell>Batch no</TableCell>
              <TableCell>Expiry</TableCell>
              <TableCell>Quantity</TableCell>
              <TableCell>Free</TableCell>
              <TableCell>Cost per pack</TableCell>
              <TableCell>MRP per pack</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {order?.lines.map((l, i) => {
              const row = rows[i];
              if (!row) return null;
              const field = (name: keyof ReceiptRow, label: string, type = 'text') => (
                <MuiTextField
                  size="small"
                  type={type}
                  value={row[name]}
                  onChange={(e) => set(i, name, e.target.value)}
                  slotProps={{ htmlInput: { 'aria-label': `${label}, ${l.productName}` }, inputLabel: { shrink: true } }}
                />
              );
              return (
                <TableRow key={l.productId}>
                  <TableCell>{l.productName}</TableCell>
                  <TableCell align="right">{l.openQuantity}</TableCell>
                  <TableCell>{field('batchNo', 'Batch no')}</TableCell>
                  <TableCell>{field('expiry', 'Expiry', 'date')}</TableCell>
                  <TableCell>{field('quantity', 'Quantity', 'number')}</TableCell>
                  <TableCell>{field('freeQuantity', 'Free quantity', 'number')}</TableCell>
                  <TableCell>{field('cost', 'Cost per pack')}</TableCell>
                  <TableCell>{field('mrp', 'MRP per pack')}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </OrderLinesPage>
    </RequireRole>
  );
}

interface InvoiceRow {
  quantity: string;
  packCost: string;
  tax: string;
}

/** The supplier's invoice, line by line as billed; the API matches it against the order and the receipts. */
export function SupplierInvoicePage() {
  const { id } = useParams();
  const api = useApi();
  const notify = useNotify();
  const navigate = useNavigate();
  const { order, error } = useOrder(id);
  const [invoiceNo, setInvoiceNo] = useState('');
  const [invoiceDate, setInvoiceDate] = useState(new Date().toISOString().slice(0, 10));
  const [rows, setRows] = useState<InvoiceRow[]>([]);
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    if (order)
      setRows(
        order.lines.map((l) => {
          const value = Math.round((l.receivedQuantity * l.packCost) / l.packSize);
          return { quantity: String(l.receivedQuantity), packCost: major(l.packCost), tax: major(Math.round((value * l.taxRate) / 100)) };
        }),
      );
  }, [order]);

  const set = (i: number, field: keyof InvoiceRow, value: string) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, [field]: value } : r)));

  const submit = async () => {
    const lines = order!.lines.map((l, i) => ({
      productId: l.productId,
      quantity: Number(rows[i].quantity),
      packCost: parseMoney(rows[i].packCost) ?? -1,
      tax: parseMoney(rows[i].tax) ?? -1,
    }));
    try {
      const { json } = await api.fetchJson(`/api/v1/purchase-orders/${id}/invoice`, {
        method: 'POST',
        body: JSON.stringify({ invoiceNo, invoiceDate, lines }),
      });
      const matched = json.matchStatus === 'matched';
      notify(matched ? 'Invoice matched: order closed.' : 'Invoice recorded with mismatches.', { type: matched ? 'success' : 'warning' });
      navigate(`/purchase-orders/${id}/show`);
    } catch (e) {
      setProblem(problemMessage(e));
    }
  };

  return (
    <RequireRole screen="purchase-orders/approve">
      <OrderLinesPage title="Supplier invoice" order={order} error={error} submitLabel="Record invoice" onSubmit={submit}>
        {problem && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {problem}
          </Alert>
        )}
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <MuiTextField label="Invoice no" required value={invoiceNo} onChange={(e) => setInvoiceNo(e.target.value)} />
          <MuiTextField
            label="Invoice date"
            type="date"
            required
            value={invoiceDate}
            onChange={(e) => setInvoiceDate(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Stack>
        <Table size="small" aria-label="Invoice lines">
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell align="right">Received</TableCell>
              <TableCell align="right">Ordered cost per pack</TableCell>
              <TableCell>Invoiced quantity</TableCell>
              <TableCell>Invoiced cost per pack</TableCell>
              <TableCell>Tax charged</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {order?.lines.map((l, i) => {
              const row = rows[i];
              if (!row) return null;
              const field = (name: keyof InvoiceRow, label: string, type = 'text') => (
                <MuiTextField
                  size="small"
                  type={type}
                  value={row[name]}
                  onChange={(e) => set(i, name, e.target.value)}
                  slotProps={{ htmlInput: { 'aria-label': `${label}, ${l.productName}` } }}
                />
              );
              return (
                <TableRow key={l.productId}>
                  <TableCell>{l.productName}</TableCell>
                  <TableCell align="right">{l.receivedQuantity}</TableCell>
                  <TableCell align="right">{formatMoney(l.packCost, order.currency)}</TableCell>
                  <TableCell>{field('quantity', 'Invoiced quantity', 'number')}</TableCell>
                  <TableCell>{field('packCost', 'Invoiced cost per pack')}</TableCell>
                  <TableCell>{field('tax', 'Tax charged')}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </OrderLinesPage>
    </RequireRole>
  );
}
