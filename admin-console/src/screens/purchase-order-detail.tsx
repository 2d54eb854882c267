'use client';
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  List,
  ListItem,
  ListItemText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Link, Show, TopToolbar, useNotify, usePermissions, useRefresh, useShowContext } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { guarded } from '../auth/RequireRole';
import { canOpen, type Screen } from '../auth/roles';
import { formatMoney } from '../money';
import type { Order } from './purchasing-forms';

interface OrderDetail extends Order {
  total: number;
  storeId: string;
  invoiceMatch: 'matched' | 'mismatch' | 'approved' | null;
  createdAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  approvalRequired: boolean | null;
  sentAt: string | null;
  unreceivedCancelledAt: string | null;
  closedAt: string | null;
}

interface Receipt {
  id: string;
  receivedAt: string;
  lines: { productId: string; batchNo: string; expiry: string; quantity: number; freeQuantity: number }[];
}

type Mismatch =
  | { productId: string; productName: string; kind: 'not_invoiced'; received: number }
  | { productId: string; productName: string; kind: 'quantity'; invoiced: number; received: number; ordered: number }
  | { productId: string; productName: string; kind: 'price'; invoiced: number; ordered: number }
  | { productId: string; productName: string; kind: 'tax'; invoiced: number; expected: number };

interface Invoice {
  invoiceNo: string;
  invoiceDate: string;
  total: number;
  matchStatus: 'matched' | 'mismatch' | 'approved';
  mismatches: Mismatch[];
  recordedAt: string;
  approvedAt: string | null;
}

function describe(m: Mismatch, currency: string): string {
  switch (m.kind) {
    case 'not_invoiced':
      return `received ${m.received} but not invoiced`;
    case 'quantity':
      return `invoiced ${m.invoiced}, received ${m.received} (ordered ${m.ordered})`;
    case 'price':
      return `invoiced ${formatMoney(m.invoiced, currency)} per pack, ordered at ${formatMoney(m.ordered, currency)}`;
    case 'tax':
      return `tax invoiced ${formatMoney(m.invoiced, currency)}, expected ${formatMoney(m.expected, currency)}`;
  }
}

/** A step the order's status allows, shown only to the roles that may take it; the API refuses the rest anyway. */
function StepButton({ order, action, label, screen }: { order: OrderDetail; action: string; label: string; screen: Screen }) {
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions<string[]>();
  if (!canOpen(screen, permissions)) return null;
  return (
    <Button
      onClick={async () => {
        try {
          await api.fetchJson(`/api/v1/purchase-orders/${order.id}/${action}`, { method: 'POST', body: '{}' });
          notify(`${label}: done.`, { type: 'success' });
          refresh();
        } catch (error) {
          notify(problemMessage(error), { type: 'error' });
        }
      }}
    >
      {label}
    </Button>
  );
}

function OrderActions() {
  const { record: order } = useShowContext<OrderDetail>();
  const { permissions } = usePermissions<string[]>();
  if (!order) return null;
  const receiving = order.status === 'sent' || order.status === 'partially_received';
  return (
    <TopToolbar>
      {order.status === 'draft' && <StepButton order={order} action="submit" label="Submit" screen="purchase-orders/edit" />}
      {order.status === 'pending_approval' && (
        <StepButton order={order} action="approve" label="Approve" screen="purchase-orders/approve" />
      )}
      {order.status === 'approved' && <StepButton order={order} action="send" label="Send to supplier" screen="purchase-orders/edit" />}
      {receiving && canOpen('purchase-orders/edit', permissions) && (
        <Button component={Link} to={`/purchase-orders/${order.id}/receive`}>
          Receive goods
        </Button>
      )}
      {order.status === 'received' && !order.invoiceMatch && canOpen('purchase-orders/approve', permissions) && (
        <Button component={Link} to={`/purchase-orders/${order.id}/invoice`}>
          Record invoice
        </Button>
      )}
      {order.invoiceMatch === 'mismatch' && (
        <StepButton order={order} action="invoice/approve" label="Approve mismatch" screen="purchase-orders/approve" />
      )}
    </TopToolbar>
  );
}

function when(at: string) {
  return new Date(at).toLocaleString();
}

/** The order's life so far, oldest first, from its own timestamps, its receipts and its invoice. */
function StatusHistory({ order, receipts, invoice }: { order: OrderDetail; receipts: Receipt[]; invoice: Invoice | undefined }) {
  const events: { at: string; what: string }[] = [{ at: order.createdAt, what: 'Drafted' }];
  if (order.submittedAt) events.push({ at: order.submittedAt, what: `Submitted as ${order.poNumber}` });
  if (order.approvedAt)
    events.push({ at: order.approvedAt, what: order.approvalRequired ? 'Approved' : 'Approved on submit (within the approval threshold)' });
  if (order.sentAt) events.push({ at: order.sentAt, what: 'Sent to supplier' });
  for (const r of receipts) {
    const units = r.lines.reduce((n, l) => n + l.quantity + l.freeQuantity, 0);
    events.push({ at: r.receivedAt, what: `Goods received: ${units} units in batches ${r.lines.map((l) => l.batchNo).join(', ')}` });
  }
  if (order.unreceivedCancelledAt) events.push({ at: order.unreceivedCancelledAt, what: 'What did not arrive was cancelled' });
  if (invoice)
    events.push({
      at: invoice.recordedAt,
      what: `Invoice ${invoice.invoiceNo} recorded: ${invoice.mismatches.length ? 'mismatch' : 'matched'}`,
    });
  if (invoice?.approvedAt) events.push({ at: invoice.approvedAt, what: 'Invoice mismatch approved' });
  if (order.closedAt) events.push({ at: order.closedAt, what: 'Closed' });
  events.sort((a, b) => a.at.localeCompare(b.at));
  return (
    <List dense aria-label="Status history">
      {events.map((e, i) => (
        <ListItem key={i} disableGutters>
          <ListItemText primary={e.what} secondary={when(e.at)} />
        </ListItem>
      ))}
    </List>
  );
}

function InvoiceMatch({ invoice, currency }: { invoice: Invoice; currency: string }) {
  return (
    <Box data-testid="invoice-match">
      <Typography variant="body1" sx={{ mb: 1 }}>
        Invoice {invoice.invoiceNo} of {invoice.invoiceDate}, {formatMoney(invoice.total, currency)}:{' '}
        <Chip size="small" color={invoice.matchStatus === 'mismatch' ? 'error' : 'success'} label={invoice.matchStatus} />
      </Typography>
      {invoice.mismatches.length > 0 && (
        <Table size="small" aria-label="Invoice mismatches">
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell>Mismatch</TableCell>
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {invoice.mismatches.map((m) => (
              <TableRow
                key={`${m.productId}:${m.kind}`}
                sx={{ bgcolor: invoice.matchStatus === 'mismatch' ? 'error.light' : 'warning.light' }}
              >
                <TableCell>{m.productName}</TableCell>
                <TableCell>{m.kind.replace('_', ' ')}</TableCell>
                <TableCell>{describe(m, currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

function OrderDetails() {
  const { record: order } = useShowContext<OrderDetail>();
  const api = useApi();
  const refresh = useRefresh();
  const [receipts, setReceipts] = useState<Receipt[]>([]);
  const [invoice, setInvoice] = useState<Invoice | undefined>();

  useEffect(() => {
    if (!order) return;
    api.fetchJson(`/api/v1/purchase-orders/${order.id}/receipts`).then(
      ({ json }) => setReceipts(json),
      () => undefined,
    );
    if (order.invoiceMatch)
      api.fetchJson(`/api/v1/purchase-orders/${order.id}/invoice`).then(
        ({ json }) => setInvoice(json),
        () => undefined,
      );
  }, [api, order]);

  // An approved order is sent by its workflow within moments: look again until it is.
  useEffect(() => {
    if (order?.status !== 'approved') return;
    const timer = setInterval(refresh, 2000);
    return () => clearInterval(timer);
  }, [order?.status, refresh]);

  if (!order) return null;
  const money = (minor: number) => formatMoney(minor, order.currency);
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Typography variant="h6" component="h2">
        {order.poNumber ?? 'Draft order'} · {order.supplierName} · <Chip size="small" label={order.status.replace('_', ' ')} /> ·{' '}
        {money(order.total)}
      </Typography>
      <Table size="small" aria-label="Order lines">
        <TableHead>
          <TableRow>
            <TableCell>Product</TableCell>
            <TableCell align="right">Ordered</TableCell>
            <TableCell align="right">Received</TableCell>
            <TableCell align="right">Free</TableCell>
            <TableCell align="right">Open</TableCell>
            <TableCell align="right">Cost per pack</TableCell>
            <TableCell align="right">Tax %</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {order.lines.map((l) => (
            <TableRow key={l.productId}>
              <TableCell>{l.productName}</TableCell>
              <TableCell align="right">{l.quantity}</TableCell>
              <TableCell align="right">{l.receivedQuantity}</TableCell>
              <TableCell align="right">{l.freeQuantity}</TableCell>
              <TableCell align="right">{l.openQuantity}</TableCell>
              <TableCell align="right">{money(l.packCost)}</TableCell>
              <TableCell align="right">{l.taxRate}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {invoice && (
        <Card>
          <CardContent>
            <Typography variant="subtitle1" component="h3">
              Three-way match
            </Typography>
            <InvoiceMatch invoice={invoice} currency={order.currency} />
          </CardContent>
        </Card>
      )}
      {order.status === 'received' && !order.invoiceMatch && (
        <Alert severity="info">All goods are in: record the supplier's invoice.</Alert>
      )}
      <Card>
        <CardContent>
          <Typography variant="subtitle1" component="h3">
            Status history
          </Typography>
          <StatusHistory order={order} receipts={receipts} invoice={invoice} />
        </CardContent>
      </Card>
    </Stack>
  );
}

export const PurchaseOrderShow = guarded('purchase-orders', () => (
  <Show actions={<OrderActions />} component="div">
    <OrderDetails />
  </Show>
));
