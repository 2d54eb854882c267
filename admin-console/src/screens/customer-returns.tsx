'use client';
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Checkbox,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import {
  ChipField,
  DateField,
  FunctionField,
  Link,
  Show,
  SimpleShowLayout,
  TextField as RaTextField,
  Title,
  TopToolbar,
  useGetList,
  useGetOne,
  useNotify,
  useRecordContext,
} from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { RequireRole, guarded, useCanOpen } from '../auth/RequireRole';
import { formatMoney } from '../money';
import { PdfButton } from './pdf-button';

const METHOD_LABELS: Record<string, string> = { cash: 'Cash', card: 'Card', upi: 'UPI', mpesa: 'M-Pesa', other: 'Other' };

interface SaleLine {
  id: string;
  productName: string;
  quantity: number;
  unit: string;
  packSize: number;
  returnedQuantity: number;
}

interface Sale {
  id: string;
  invoiceNo: string | null;
  status: string;
  currency: string;
  lines: SaleLine[];
  payments: { method: string; amount: number }[];
  totals: { change: number };
}

interface CustomerReturn {
  id: string;
  saleId: string;
  creditNoteNo: string;
  currency: string;
  original: { invoiceNo: string };
  totals: { gross: number; tax: number; roundOff: number; total: number };
  lines: { id: string; productName: string; quantity: number; restockedQuantity: number; writtenOffQuantity: number; amount: number }[];
  refunds: { id: string; method: string; amount: number; status: string }[];
}

/** "20 tablets (2 packs of 10)": quantities are base units, as the API counts them; the pack is how the counter thinks. */
function units(quantity: number, line: SaleLine): string {
  const packs = line.packSize > 1 && quantity % line.packSize === 0 ? ` (${quantity / line.packSize} × ${line.packSize})` : '';
  return `${quantity} ${line.unit}${packs}`;
}

const returnable = (line: SaleLine) => line.quantity - line.returnedQuantity;

/** Taking a return is open to the counter roles the API lets create one, on a paid sale with something left to return. */
function canReturn(sale: Sale | undefined, allowed: boolean): sale is Sale {
  return Boolean(allowed && sale?.invoiceNo && sale.lines.some((l) => returnable(l) > 0));
}

export function ReturnItemsButton() {
  const sale = useRecordContext<Sale>();
  const allowed = useCanOpen('returns/create');
  if (!canReturn(sale, allowed)) return null;
  return (
    <Button component={Link} to={`/sales/${sale.id}/return`}>
      Return items
    </Button>
  );
}

/** What each line sold, and how much of it came back, on the sale's page. */
export function SaleLinesField() {
  const sale = useRecordContext<Sale>();
  if (!sale) return null;
  return (
    <Stack component="ul" sx={{ m: 0, pl: 2 }}>
      {sale.lines.map((l) => (
        <Typography component="li" variant="body2" key={l.id}>
          {l.productName} × {units(l.quantity, l)}
          {l.returnedQuantity > 0 && ` · ${l.returnedQuantity} returned`}
        </Typography>
      ))}
    </Stack>
  );
}

/** The sale's credit notes, each linking to its return. */
export function SaleReturnsField() {
  const sale = useRecordContext<Sale>();
  const { data = [] } = useGetList<CustomerReturn>(
    'returns',
    { filter: { saleId: sale?.id }, sort: { field: 'returnedAt', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: Boolean(sale?.id) },
  );
  if (!data.length) return <Typography variant="body2">None</Typography>;
  return (
    <Stack direction="row" spacing={2}>
      {data.map((r) => (
        <Link key={r.id} to={`/returns/${r.id}/show`}>
          {r.creditNoteNo} · {formatMoney(r.totals.total, r.currency)}
        </Link>
      ))}
    </Stack>
  );
}

interface ReturnRow {
  quantity: string;
  restock: boolean;
}

/**
 * Taking back part of a sale at the counter: per line how many units and whether they can go back on the shelf. The
 * API decides what may come back and computes the credit and refund; its refusal is shown as it words it.
 */
export function SaleReturnPage() {
  const { id } = useParams();
  const api = useApi();
  const notify = useNotify();
  const navigate = useNavigate();
  const { data: sale, error } = useGetOne<Sale>('sales', { id: id! });
  const [rows, setRows] = useState<ReturnRow[]>([]);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const lastAttempt = useRef<{ body: string; key: string }>(undefined);

  useEffect(() => {
    if (sale) setRows(sale.lines.map(() => ({ quantity: '', restock: true })));
  }, [sale]);

  const set = (i: number, change: Partial<ReturnRow>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));

  const submit = async () => {
    if (!sale) return;
    setProblem(undefined);
    const lines = rows
      .map((r, i) => ({ saleLineId: sale.lines[i].id, quantity: Number(r.quantity), restock: r.restock }))
      .filter((l) => l.quantity > 0);
    if (!lines.length) return setProblem('Enter how many units come back on at least one line.');
    const body = JSON.stringify({ lines, reason: reason.trim() });
    // The same return sent again (a double click, a retry after a lost answer) reuses the key: one credit note, one refund.
    if (lastAttempt.current?.body !== body) lastAttempt.current = { body, key: crypto.randomUUID() };
    setSending(true);
    try {
      const { json } = await api.fetchJson(`/api/v1/sales/${sale.id}/returns`, {
        method: 'POST',
        headers: new Headers({ 'Idempotency-Key': lastAttempt.current.key }),
        body,
      });
      const note = json as CustomerReturn;
      notify(`Credit note ${note.creditNoteNo} issued: ${formatMoney(note.totals.total, note.currency)} refunded.`, { type: 'success' });
      navigate(`/returns/${note.id}/show`);
    } catch (e) {
      setProblem(problemMessage(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <RequireRole screen="returns/create">
      <Card sx={{ mt: 2 }}>
        <Title title={`Return items${sale?.invoiceNo ? ` · ${sale.invoiceNo}` : ''}`} />
        <CardContent>
          {error && (
            <Alert severity="error" role="alert">
              {problemMessage(error)}
            </Alert>
          )}
          {problem && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="return-refused">
              {problem}
            </Alert>
          )}
          {sale && (
            <Stack
              component="form"
              spacing={2}
              onSubmit={(e) => {
                e.preventDefault();
                if (!sending) void submit();
              }}
            >
              <Table size="small" aria-label="Lines to return">
                <TableHead>
                  <TableRow>
                    <TableCell>Product</TableCell>
                    <TableCell align="right">Sold</TableCell>
                    <TableCell align="right">Already returned</TableCell>
                    <TableCell>Return</TableCell>
                    <TableCell>Back on the shelf</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {sale.lines.map((l, i) => {
                    const row = rows[i];
                    if (!row) return null;
                    const left = returnable(l);
                    return (
                      <TableRow key={l.id}>
                        <TableCell>{l.productName}</TableCell>
                        <TableCell align="right">{units(l.quantity, l)}</TableCell>
                        <TableCell align="right">{l.returnedQuantity}</TableCell>
                        <TableCell>
                          <TextField
                            size="small"
                            type="number"
                            value={row.quantity}
                            disabled={left === 0}
                            onChange={(e) => set(i, { quantity: e.target.value })}
                            helperText={left ? `up to ${left} ${l.unit}` : 'all returned'}
                            slotProps={{ htmlInput: { min: 0, step: 1, 'aria-label': `Return quantity, ${l.productName}` } }}
                          />
                        </TableCell>
                        <TableCell>
                          <Checkbox
                            checked={row.restock}
                            disabled={left === 0}
                            onChange={(e) => set(i, { restock: e.target.checked })}
                            slotProps={{ input: { 'aria-label': `Back on the shelf, ${l.productName}` } }}
                          />
                          <Typography variant="caption">{row.restock ? 'sealed: restock' : 'opened or damaged: write off'}</Typography>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
              <TextField label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} sx={{ maxWidth: 480 }} />
              <Typography variant="body2" data-testid="refund-method">
                The refund goes back the way the sale was paid, cash last:{' '}
                {sale.payments.map((p) => `${METHOD_LABELS[p.method] ?? p.method} ${formatMoney(p.amount, sale.currency)}`).join(', ')}
                {sale.totals.change > 0 && ` (change given ${formatMoney(sale.totals.change, sale.currency)})`}. The credit note shows the
                amount, pro rata to what was paid for each line.
              </Typography>
              <Stack direction="row" spacing={1}>
                <Button type="submit" variant="contained" disabled={sending}>
                  Issue credit note
                </Button>
                <Button component={Link} to={`/sales/${sale.id}/show`}>
                  Back to the sale
                </Button>
              </Stack>
            </Stack>
          )}
        </CardContent>
      </Card>
    </RequireRole>
  );
}

function CreditNoteButton() {
  const note = useRecordContext<CustomerReturn>();
  if (!note) return null;
  return <PdfButton path={`/api/v1/returns/${note.id}/credit-note.pdf`} label="Credit note PDF" />;
}

/** A credit note: what came back, where the stock went, and how the money was refunded. */
export const ReturnShow = guarded('returns', () => (
  <Show
    actions={
      <TopToolbar>
        <CreditNoteButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <RaTextField source="creditNoteNo" label="Credit note" />
      <DateField source="returnedAt" showTime />
      <FunctionField label="Sale" render={(r: CustomerReturn) => <Link to={`/sales/${r.saleId}/show`}>{r.original.invoiceNo}</Link>} />
      <RaTextField source="reason" />
      <FunctionField label="Lines" render={(r: CustomerReturn) => <ReturnLines note={r} />} />
      <FunctionField label="Refund" render={(r: CustomerReturn) => <Refunds note={r} />} />
    </SimpleShowLayout>
  </Show>
));

function ReturnLines({ note }: { note: CustomerReturn }) {
  return (
    <Table size="small" aria-label="Returned lines">
      <TableHead>
        <TableRow>
          <TableCell>Product</TableCell>
          <TableCell align="right">Returned</TableCell>
          <TableCell align="right">Back on the shelf</TableCell>
          <TableCell align="right">Written off</TableCell>
          <TableCell align="right">Credit</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {note.lines.map((l) => (
          <TableRow key={l.id}>
            <TableCell>{l.productName}</TableCell>
            <TableCell align="right">{l.quantity}</TableCell>
            <TableCell align="right">{l.restockedQuantity}</TableCell>
            <TableCell align="right">{l.writtenOffQuantity}</TableCell>
            <TableCell align="right">{formatMoney(l.amount, note.currency)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Refunds({ note }: { note: CustomerReturn }) {
  const money = (minor: number) => formatMoney(minor, note.currency);
  return (
    <Stack spacing={0.5}>
      <Typography variant="body2" data-testid="refund-total">
        <strong>{money(note.totals.total)}</strong> (credit {money(note.totals.gross)} incl. tax {money(note.totals.tax)}, rounding{' '}
        {money(note.totals.roundOff)})
      </Typography>
      {note.refunds.map((f) => (
        <Stack key={f.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="body2">
            {METHOD_LABELS[f.method] ?? f.method} {money(f.amount)}
          </Typography>
          <ChipField record={f} source="status" size="small" />
        </Stack>
      ))}
    </Stack>
  );
}
