'use client';
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import {
  ChipField,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  TextField as RaTextField,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { RequireRole } from '../auth/RequireRole';
import { formatMoney, parseMoney } from '../money';

const money = (minor: number | null, currency = 'INR') => (minor === null ? '—' : formatMoney(minor, currency));

export function ReturnList() {
  return (
    <RequireRole screen="sales">
      <List sort={{ field: 'returnedAt', order: 'DESC' }}>
        <Datagrid rowClick={false} bulkActionButtons={false}>
          <RaTextField source="creditNoteNo" label="Credit note" />
          <DateField source="returnedAt" showTime />
          <RaTextField source="original.invoiceNo" label="Invoice" />
          <RaTextField source="reason" />
          <FunctionField label="Total" render={(r: { totals: { total: number }; currency: string }) => money(r.totals.total, r.currency)} />
        </Datagrid>
      </List>
    </RequireRole>
  );
}

export function MovementList() {
  return (
    <RequireRole screen="stock">
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
    </RequireRole>
  );
}

export function TransferList() {
  return (
    <RequireRole screen="stock">
      <List sort={{ field: 'createdAt', order: 'DESC' }} title="Transfers">
        <Datagrid rowClick={false} bulkActionButtons={false}>
          <DateField source="createdAt" showTime />
          <ReferenceField source="fromStoreId" reference="stores" link={false} />
          <ReferenceField source="toStoreId" reference="stores" link={false} />
          <ChipField source="status" />
          <NumberField source="quantitySent" />
          <NumberField source="discrepancy" />
        </Datagrid>
      </List>
    </RequireRole>
  );
}

/** Closing the drawer: the cashier counts the cash; the API works out what was expected and the difference. */
function CloseDrawerButton() {
  const session = useRecordContext<{ id: string; status: string }>();
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [counted, setCounted] = useState('');
  if (session?.status !== 'open') return null;
  const countedCash = parseMoney(counted);
  async function close() {
    try {
      const { json } = await api.fetchJson(`/api/v1/cash-sessions/${session!.id}/close`, {
        method: 'POST',
        body: JSON.stringify({ countedCash }),
      });
      notify(
        json.difference === 0
          ? 'Drawer closed: the cash matches.'
          : `Drawer closed: ${json.difference > 0 ? 'over' : 'short'} by ${money(Math.abs(json.difference))}.`,
        {
          type: json.difference === 0 ? 'success' : 'warning',
        },
      );
      setOpen(false);
      refresh();
    } catch (error) {
      notify(problemMessage(error), { type: 'error' });
    }
  }
  return (
    <>
      <Button onClick={() => setOpen(true)}>Close drawer</Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="close-drawer-title">
        <DialogTitle id="close-drawer-title">Close the cash drawer</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="Cash counted in the drawer"
            value={counted}
            onChange={(e) => setCounted(e.target.value)}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="contained" disabled={countedCash === undefined} onClick={close}>
            Close drawer
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

export function CashSessionList() {
  return (
    <RequireRole screen="cash-sessions">
      <List sort={{ field: 'openedAt', order: 'DESC' }} title="Cash drawer">
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
    </RequireRole>
  );
}
