'use client';
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  Create,
  FormDataConsumer,
  NumberInput,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  required,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { guarded } from '../auth/RequireRole';
import { canOpen } from '../auth/roles';
import { parseMoney } from '../money';
import { BY_NAME } from './purchasing-forms';

const REASONS = [
  { id: 'near_expiry', name: 'Near expiry' },
  { id: 'damaged', name: 'Damaged' },
];

interface Batch {
  productName: string;
  batchNo: string;
  expiry: string;
  quantity: number;
}

/** The chosen store's batches, soonest expiry first: near-expiry stock is what usually goes back. */
function BatchInput() {
  return (
    <FormDataConsumer<{ storeId?: string }>>
      {({ formData }) => (
        <ReferenceInput
          source="batchId"
          reference="stock"
          filter={formData.storeId ? { storeId: formData.storeId } : {}}
          sort={{ field: 'expiry', order: 'ASC' }}
          perPage={100}
        >
          <SelectInput
            label="Batch"
            optionText={(b: Batch) => `${b.productName} · ${b.batchNo} · expires ${b.expiry} · ${b.quantity} on hand`}
            validate={required()}
            sx={{ minWidth: 420 }}
          />
        </ReferenceInput>
      )}
    </FormDataConsumer>
  );
}

/**
 * Batches going back to the supplier who delivered them. The API checks they came from that supplier, within its return
 * window, and no more than was received; its refusal is shown as it words it.
 */
export const SupplierReturnCreate = guarded('supplier-returns/create', () => (
  <Create
    title="Return to supplier"
    redirect="list"
    transform={(data: {
      storeId: string;
      supplierId: string;
      reason: string;
      note?: string;
      lines?: { batchId: string; quantity: number }[];
    }) => ({
      storeId: data.storeId,
      supplierId: data.supplierId,
      reason: data.reason,
      ...(data.note ? { note: data.note } : {}),
      lines: (data.lines ?? []).map((l) => ({ batchId: l.batchId, quantity: Number(l.quantity) })),
    })}
  >
    <SimpleForm>
      <ReferenceInput source="storeId" reference="stores" sort={BY_NAME}>
        <AutocompleteInput label="Store" optionText="name" validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="supplierId" reference="suppliers" sort={BY_NAME}>
        <AutocompleteInput label="Supplier" optionText="name" validate={required()} />
      </ReferenceInput>
      <SelectInput source="reason" choices={REASONS} validate={required()} />
      <ArrayInput source="lines" label="Batches" validate={required()}>
        <SimpleFormIterator inline disableReordering>
          <BatchInput />
          <NumberInput source="quantity" label="Quantity (base units)" min={1} validate={required()} />
        </SimpleFormIterator>
      </ArrayInput>
      <TextInput source="note" multiline fullWidth />
    </SimpleForm>
  </Create>
));

/** Records a credit note the supplier issued against a return; the return is settled when nothing is outstanding. */
export function SettleButton() {
  const record = useRecordContext<{ id: string; status: string; creditNote: { outstanding: number } }>();
  const { permissions } = usePermissions<string[]>();
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [creditNoteNo, setCreditNoteNo] = useState('');
  if (!record || record.status === 'settled' || !canOpen('supplier-returns/settle', permissions)) return null;

  const save = async () => {
    const minor = parseMoney(amount);
    if (minor === undefined) return notify('Enter the credited amount, like 240.00.', { type: 'error' });
    try {
      await api.fetchJson(`/api/v1/supplier-returns/${record.id}/settlements`, {
        method: 'POST',
        body: JSON.stringify({ amount: minor, creditNoteNo }),
      });
      notify('Credit note recorded.', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (error) {
      notify(problemMessage(error), { type: 'error' });
    }
  };

  return (
    <>
      <Button
        size="small"
        onClick={(e) => {
          e.stopPropagation();
          setAmount((record.creditNote.outstanding / 100).toFixed(2));
          setOpen(true);
        }}
      >
        Record credit note
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="settle-title">
        <DialogTitle id="settle-title">Credit note from the supplier</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label="Credit note no" required value={creditNoteNo} onChange={(e) => setCreditNoteNo(e.target.value)} autoFocus />
            <TextField label="Amount credited" required value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="contained" onClick={save}>
            Save
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
