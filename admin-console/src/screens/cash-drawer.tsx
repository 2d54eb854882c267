'use client';
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow, TextField } from '@mui/material';
import { Create, SimpleForm, TextInput, required, useGetIdentity, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { RequireRole, useCanOpen } from '../auth/RequireRole';
import { formatMoney, parseMoney } from '../money';
import { StoreInput } from './stock-forms';

interface ClosedSession {
  expectedCash: number;
  countedCash: number;
  difference: number;
}

function useCurrency(): string {
  const { data } = useGetIdentity();
  return data?.tenant?.currency ?? 'INR';
}

const amount = (value: unknown) =>
  typeof value === 'string' && parseMoney(value) !== undefined ? undefined : 'Type an amount like 2000 or 2000.50';

/** Opening the drawer: the float is typed in major units (rupees, shillings) and sent in minor units. */
export function CashSessionCreate() {
  const currency = useCurrency();
  return (
    <RequireRole screen="cash-drawer">
      <Create
        title="Open the cash drawer"
        redirect="list"
        transform={(data: { storeId: string; openingFloat: string }) => ({
          storeId: data.storeId,
          openingFloat: parseMoney(data.openingFloat),
        })}
      >
        <SimpleForm>
          <StoreInput />
          <TextInput
            source="openingFloat"
            label={`Opening float (${currency})`}
            helperText="The cash in the drawer before the first sale"
            validate={[required(), amount]}
          />
        </SimpleForm>
      </Create>
    </RequireRole>
  );
}

const signed = (difference: number, currency: string) =>
  difference === 0 ? 'none' : `${difference > 0 ? 'over' : 'short'} by ${formatMoney(Math.abs(difference), currency)}`;

/** Closing the drawer: the cashier counts the cash; the API works out what was expected and the difference. */
export function CloseDrawerButton() {
  const session = useRecordContext<{ id: string; status: string }>();
  const allowed = useCanOpen('cash-drawer');
  const currency = useCurrency();
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [counted, setCounted] = useState('');
  const [closed, setClosed] = useState<ClosedSession | undefined>();
  if (!allowed || (session?.status !== 'open' && !closed)) return null;
  const countedCash = parseMoney(counted);
  async function close() {
    try {
      const { json } = await api.fetchJson(`/api/v1/cash-sessions/${session!.id}/close`, {
        method: 'POST',
        body: JSON.stringify({ countedCash }),
      });
      setClosed(json);
    } catch (error) {
      notify(problemMessage(error), { type: 'error' });
    }
  }
  function dismiss() {
    setOpen(false);
    if (closed) refresh();
  }
  return (
    <>
      {session?.status === 'open' && <Button onClick={() => setOpen(true)}>Close drawer</Button>}
      <Dialog open={open} onClose={dismiss} aria-labelledby="close-drawer-title">
        <DialogTitle id="close-drawer-title">{closed ? 'Drawer closed' : 'Close the cash drawer'}</DialogTitle>
        <DialogContent>
          {closed ? (
            <Table size="small" aria-label="Expected and counted cash" data-testid="drawer-result">
              <TableBody>
                <TableRow>
                  <TableCell component="th">Expected</TableCell>
                  <TableCell align="right">{formatMoney(closed.expectedCash, currency)}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell component="th">Counted</TableCell>
                  <TableCell align="right">{formatMoney(closed.countedCash, currency)}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell component="th">Difference</TableCell>
                  <TableCell align="right" sx={{ color: closed.difference < 0 ? 'error.main' : undefined }}>
                    {signed(closed.difference, currency)}
                  </TableCell>
                </TableRow>
              </TableBody>
            </Table>
          ) : (
            <TextField
              autoFocus
              fullWidth
              margin="dense"
              label="Cash counted in the drawer"
              value={counted}
              onChange={(e) => setCounted(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && countedCash !== undefined && close()}
            />
          )}
        </DialogContent>
        <DialogActions>
          {closed ? (
            <Button variant="contained" onClick={dismiss}>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={dismiss}>Cancel</Button>
              <Button variant="contained" disabled={countedCash === undefined} onClick={close}>
                Close drawer
              </Button>
            </>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
