'use client';
import { useEffect, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import {
  ArrayField,
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  ChipField,
  Create,
  Datagrid,
  DateField,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  SaveButton,
  SelectInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  SimpleShowLayout,
  TextField as RaTextField,
  TextInput,
  Title,
  Toolbar,
  TopToolbar,
  required,
  useGetList,
  useNotify,
  useRecordContext,
  useRefresh,
  useSimpleFormIteratorItem,
} from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { guarded, useCanOpen } from '../auth/RequireRole';

interface StockBatch {
  id: string;
  batchNo: string;
  expiry: string;
  quantity: number;
}

interface AdjustmentReason {
  id: string;
  label: string;
  direction: 'remove' | 'add' | 'either';
}

interface Transfer {
  id: string;
  status: 'in_transit' | 'received';
  lines: { batchId: string; batchNo: string; productName: string; expiry: string; quantitySent: number }[];
}

const wholeNumber = (value: unknown) =>
  value === null || value === undefined || Number.isInteger(value) ? undefined : 'Use a whole number';
const notZero = (value: unknown) => (value === 0 ? 'Give a quantity other than zero' : undefined);

/** The stores the signed-in person may choose: the API lists only their own to store-scoped staff. */
export function StoreInput({ source = 'storeId', label = 'Store' }: { source?: string; label?: string }) {
  return (
    <ReferenceInput source={source} reference="stores" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput label={label} optionText="name" validate={required()} />
    </ReferenceInput>
  );
}

function ProductInput({ source = 'productId' }: { source?: string }) {
  return (
    <ReferenceInput source={source} reference="products" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput label="Product" optionText="name" validate={required()} sx={{ minWidth: 320 }} />
    </ReferenceInput>
  );
}

/** A product's batches in a store, soonest expiry first: the order FEFO takes them in. */
function useBatches(storeId: string | undefined, productId: string | undefined) {
  const { data } = useGetList<StockBatch>(
    'stock',
    { filter: { storeId, productId }, sort: { field: 'expiry', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: Boolean(storeId && productId) },
  );
  return storeId && productId ? (data ?? []) : [];
}

/** The batch to adjust; picking another store or product clears a batch that no longer belongs to them. */
function BatchInput() {
  const { setValue, getValues } = useFormContext();
  const [storeId, productId, delta] = useWatch({ name: ['storeId', 'productId', 'delta'] }) as [string, string, number | null];
  const batches = useBatches(storeId, productId);
  useEffect(() => {
    const batchId = getValues('batchId');
    if (batchId && batches.length && !batches.some((b) => b.id === batchId)) setValue('batchId', null);
  }, [batches, getValues, setValue]);
  const chosen = batches.find((b) => b.id === getValues('batchId'));
  const after = chosen && typeof delta === 'number' ? chosen.quantity + delta : undefined;
  return (
    <SelectInput
      source="batchId"
      label="Batch"
      choices={batches.map((b) => ({ id: b.id, name: `${b.batchNo} · expires ${b.expiry} · ${b.quantity} on hand` }))}
      validate={required()}
      helperText={after === undefined ? 'Pick a store and product to see their batches' : `After the adjustment: ${after} on hand`}
      disabled={!batches.length}
      sx={{ minWidth: 320 }}
    />
  );
}

function useAdjustmentReasons(): AdjustmentReason[] {
  const api = useApi();
  const [reasons, setReasons] = useState<AdjustmentReason[]>([]);
  useEffect(() => {
    api.fetchJson('/api/v1/stock/adjustment-reasons').then(
      ({ json }) => setReasons(json),
      () => setReasons([]),
    );
  }, [api]);
  return reasons;
}

const DIRECTION_HINT = { remove: 'takes stock away', add: 'adds stock', either: 'adds or takes away' } as const;

/** A problem's field errors keyed by form field, so react-admin shows each under its input. */
function fieldErrors(error: unknown): Record<string, string> {
  const errors = (error as { body?: { errors?: { field: string; message: string }[] } }).body?.errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

/**
 * Correcting a batch's count with a reason. Opened from a stock row (store, product and batch filled in) or from the
 * stock list's toolbar. The API decides whether the change is allowed; its refusal is shown above the form.
 */
export function StockAdjustPage() {
  const [params] = useSearchParams();
  const api = useApi();
  const notify = useNotify();
  const navigate = useNavigate();
  const reasons = useAdjustmentReasons();
  const [refusal, setRefusal] = useState<string | undefined>();
  const defaults = {
    storeId: params.get('storeId') ?? undefined,
    productId: params.get('productId') ?? undefined,
    batchId: params.get('batchId') ?? undefined,
  };

  async function submit(values: Record<string, unknown>) {
    setRefusal(undefined);
    const body = {
      storeId: values.storeId,
      batchId: values.batchId,
      delta: values.delta,
      reason: values.reason,
      ...(values.note ? { note: values.note } : {}),
    };
    try {
      const { json } = await api.fetchJson('/api/v1/stock/adjustments', { method: 'POST', body: JSON.stringify(body) });
      notify(`Batch ${json.batchNo} adjusted by ${json.delta > 0 ? '+' : ''}${json.delta}: ${json.balance} on hand.`, { type: 'success' });
      navigate(`/stock?filter=${encodeURIComponent(JSON.stringify({ storeId: values.storeId, productId: values.productId }))}`);
    } catch (error) {
      setRefusal(problemMessage(error));
      return fieldErrors(error);
    }
  }

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Adjust stock" />
      {refusal && (
        <CardContent sx={{ pb: 0 }}>
          <Alert severity="error" role="alert" data-testid="adjustment-refused">
            {refusal}
          </Alert>
        </CardContent>
      )}
      <SimpleForm
        defaultValues={defaults}
        onSubmit={submit}
        toolbar={
          <Toolbar>
            <SaveButton label="Adjust stock" />
          </Toolbar>
        }
      >
        <StoreInput />
        <ProductInput />
        <BatchInput />
        <NumberInput
          source="delta"
          label="Quantity change (− removes, + adds)"
          helperText="In base units (tablets, ml, pieces)"
          step={1}
          validate={[required(), wholeNumber, notZero]}
        />
        <SelectInput
          source="reason"
          choices={reasons.map((r) => ({ id: r.id, name: `${r.label} (${DIRECTION_HINT[r.direction]})` }))}
          validate={required()}
        />
        <TextInput source="note" label="Note" multiline fullWidth />
      </SimpleForm>
    </Card>
  );
}

/** What FEFO will send of a line's product: the sending store's on-hand and its first-expiring batch. */
function OnHandAtSender() {
  const { index } = useSimpleFormIteratorItem();
  const [storeId, productId] = useWatch({ name: ['fromStoreId', `lines.${index}.productId`] }) as [string, string];
  const batches = useBatches(storeId, productId);
  if (!storeId || !productId) return null;
  const onHand = batches.reduce((sum, b) => sum + b.quantity, 0);
  return (
    <Typography variant="body2" sx={{ alignSelf: 'center' }} data-testid="transfer-on-hand">
      {batches.length ? `${onHand} on hand; first to go: ${batches[0].batchNo} (expires ${batches[0].expiry})` : 'None on hand here'}
    </Typography>
  );
}

/** The API refuses unknown keys, and react-admin turns an emptied text box into null: leave those out. */
const withoutBlanks = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== ''));

/** Sending stock: the API picks the batches first-expiry-first and puts them in transit. */
export const TransferCreate = guarded('transfer-send', () => (
  <Create title="Send stock to another store" redirect="show" transform={withoutBlanks}>
    <SimpleForm defaultValues={{ lines: [{}], allowNearExpiry: false }}>
      <StoreInput source="fromStoreId" label="From store" />
      <StoreInput source="toStoreId" label="To store" />
      <ArrayInput source="lines" label="What to send">
        <SimpleFormIterator inline disableReordering>
          <ProductInput />
          <NumberInput source="quantity" label="Quantity" step={1} validate={[required(), wholeNumber]} min={1} />
          <OnHandAtSender />
        </SimpleFormIterator>
      </ArrayInput>
      <BooleanInput source="allowNearExpiry" label="Batches close to expiry may go too" />
      <TextInput source="note" label="Note" fullWidth />
    </SimpleForm>
  </Create>
));

/** Receiving at the destination: each batch is counted; less than was sent is recorded as a discrepancy. */
function ReceiveTransferButton() {
  const transfer = useRecordContext<Transfer>();
  const allowed = useCanOpen('transfer-receive');
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [counts, setCounts] = useState<Record<string, string>>({});
  if (!transfer || transfer.status !== 'in_transit' || !allowed) return null;
  const counted = (line: Transfer['lines'][number]) => counts[line.batchId] ?? String(line.quantitySent);
  const valid = transfer.lines.every((l) => /^\d+$/.test(counted(l)) && Number(counted(l)) <= l.quantitySent);
  async function receive() {
    try {
      const { json } = await api.fetchJson(`/api/v1/stock/transfers/${transfer!.id}/receive`, {
        method: 'POST',
        body: JSON.stringify({ lines: transfer!.lines.map((l) => ({ batchId: l.batchId, quantityReceived: Number(counted(l)) })) }),
      });
      notify(json.discrepancy ? `Received, ${json.discrepancy} short of what was sent.` : 'Received in full.', {
        type: json.discrepancy ? 'warning' : 'success',
      });
      setOpen(false);
      refresh();
    } catch (error) {
      notify(problemMessage(error), { type: 'error' });
    }
  }
  return (
    <>
      <Button onClick={() => setOpen(true)}>Receive</Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="receive-transfer-title">
        <DialogTitle id="receive-transfer-title">Receive the transfer</DialogTitle>
        <DialogContent>
          <Typography variant="body2">Count what arrived. Anything less than was sent is recorded as a discrepancy.</Typography>
          {transfer.lines.map((line, i) => (
            <TextField
              key={line.batchId}
              autoFocus={i === 0}
              fullWidth
              margin="dense"
              type="number"
              label={`${line.productName}, batch ${line.batchNo}: received of ${line.quantitySent}`}
              value={counted(line)}
              onChange={(e) => setCounts({ ...counts, [line.batchId]: e.target.value })}
              slotProps={{ htmlInput: { min: 0, max: line.quantitySent, step: 1 } }}
            />
          ))}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="contained" disabled={!valid} onClick={receive}>
            Receive
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

export const TransferShow = guarded('stock', () => (
  <Show
    title="Transfer"
    actions={
      <TopToolbar>
        <ReceiveTransferButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <ReferenceField source="fromStoreId" reference="stores" link={false} label="From" />
      <ReferenceField source="toStoreId" reference="stores" link={false} label="To" />
      <ChipField source="status" />
      <DateField source="createdAt" label="Sent" showTime />
      <DateField source="receivedAt" label="Received" showTime emptyText="—" />
      <ArrayField source="lines">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <RaTextField source="productName" label="Product" />
          <RaTextField source="batchNo" />
          <RaTextField source="expiry" />
          <NumberField source="quantitySent" label="Sent" />
          <NumberField source="quantityReceived" label="Received" emptyText="—" />
          <NumberField source="discrepancy" emptyText="—" />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
));
