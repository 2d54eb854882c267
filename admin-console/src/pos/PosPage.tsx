'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  IconButton,
  List,
  ListItemButton,
  ListItemText,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { Title, useGetIdentity, useGetList } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { formatMoney, parseMoney } from '../money';
import { estimateLine, type Batch, type CartLine, type PaymentLine, type SearchHit } from './pos-types';

const METHODS: PaymentLine['method'][] = ['cash', 'card', 'upi', 'mpesa', 'other'];
const EXPIRY_COLOURS: Record<Batch['expiryStatus'], 'success' | 'warning' | 'error'> = {
  ok: 'success',
  near_expiry: 'warning',
  do_not_sell: 'error',
  expired: 'error',
};

interface CompletedSale {
  id: string;
  invoiceNo: string | null;
  status: string;
  currency: string;
  totals: { total: number; change: number };
}

/**
 * The counter: the search box keeps the focus, so a scanner's digits + Enter add the product, Enter on an empty
 * box charges in cash, and a known product sells in a handful of keystrokes. Everything else is reachable by Tab.
 */
export function PosPage() {
  const api = useApi();
  const { data: identity } = useGetIdentity();
  const currency: string = identity?.tenant?.currency ?? 'INR';
  const { data: stores } = useGetList('stores', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } });
  const [storeId, setStoreId] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [highlight, setHighlight] = useState(0);
  const [cart, setCart] = useState<CartLine[]>([]);
  const [substitutes, setSubstitutes] = useState<{ for: SearchHit; options: SearchHit[] } | undefined>();
  const [prescriptionId, setPrescriptionId] = useState('');
  const [payments, setPayments] = useState<PaymentLine[]>([{ method: 'cash', amount: '', gateway: false }]);
  const [message, setMessage] = useState<{ severity: 'error' | 'info' | 'success'; text: string } | undefined>();
  const [sale, setSale] = useState<CompletedSale | undefined>();
  /** A sale whose gateway payment failed or was cancelled: it holds its stock until voided. */
  const [unpaid, setUnpaid] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const searchBox = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);

  useEffect(() => {
    if (storeId || !stores?.length) return;
    const mine = stores.find((s) => identity?.storeIds?.includes(s.id));
    setStoreId((mine ?? stores[0]).id);
  }, [stores, identity, storeId]);

  // The scan box is enabled once the store is known (a scan needs it), and takes the focus then.
  useEffect(() => {
    if (storeId) searchBox.current?.focus();
  }, [storeId]);

  const estimate = useMemo(() => cart.reduce((sum, line) => sum + estimateLine(line), 0), [cart]);
  const needsPrescription = cart.some((l) => l.product.prescriptionRequired);
  // Cash is rounded up to the whole unit so the total's round-off is covered; the drawer gives the change.
  const cashDefault = Math.ceil(estimate / 100) * 100;

  const search = useCallback(
    async (q: string): Promise<SearchHit[]> => {
      const seq = ++searchSeq.current;
      const params = new URLSearchParams({ q, limit: '8', ...(storeId ? { storeId } : {}) });
      const { json } = await api.fetchJson(`/api/v1/products/search?${params}`);
      if (seq === searchSeq.current) {
        setHits(json);
        setHighlight(0);
      }
      return json;
    },
    [api, storeId],
  );

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setHits([]);
      return;
    }
    const timer = setTimeout(() => search(q).catch(() => undefined), 150);
    return () => clearTimeout(timer);
  }, [query, search]);

  async function fefoBatch(productId: string): Promise<Batch | undefined> {
    const params = new URLSearchParams({
      filter: JSON.stringify({ storeId, productId }),
      sort: JSON.stringify(['expiry', 'ASC']),
      range: JSON.stringify([0, 9]),
    });
    const { json } = await api.fetchJson(`/api/v1/stock?${params}`);
    return (json as Batch[]).find((b) => b.quantity > 0 && (b.expiryStatus === 'ok' || b.expiryStatus === 'near_expiry'));
  }

  async function addProduct(product: SearchHit) {
    setQuery('');
    setHits([]);
    setSale(undefined);
    setMessage(undefined);
    const batch = await fefoBatch(product.id);
    if (!batch) {
      const { json } = await api.fetchJson(`/api/v1/products/${product.id}/substitutes?storeId=${storeId}`).catch(() => ({ json: [] }));
      setSubstitutes({ for: product, options: json as SearchHit[] });
      setMessage({ severity: 'info', text: `${product.name} is out of stock here.` });
      return;
    }
    setSubstitutes(undefined);
    setCart((lines) => {
      const existing = lines.find((l) => l.product.id === product.id);
      if (existing) return lines.map((l) => (l === existing ? { ...l, quantity: l.quantity + product.packSize } : l));
      return [...lines, { product, batch, quantity: product.packSize }];
    });
    searchBox.current?.focus();
  }

  async function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setHighlight((h) => Math.min(h + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((h) => Math.max(h - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const q = query.trim();
      if (!q) {
        if (cart.length) await charge();
        return;
      }
      // A scanner types faster than the type-ahead answers: search now rather than use a stale list.
      const found = hits.length && highlight < hits.length && !/^\d{8,14}$/.test(q) ? hits : await search(q);
      const pick = found[Math.min(highlight, found.length - 1)];
      if (pick) await addProduct(pick);
      else setMessage({ severity: 'error', text: `Nothing matches “${q}”.` });
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  }

  function paymentsForSale() {
    const lines = payments.map((p, i) => {
      // Only cash can be overpaid, so a first line in another method defaults to the estimate itself.
      const typed = p.amount.trim() ? parseMoney(p.amount) : i === 0 ? (p.method === 'cash' ? cashDefault : estimate) : undefined;
      return { method: p.method, amount: typed, ...(p.gateway ? { gateway: true } : {}) };
    });
    return lines.every((l) => l.amount !== undefined && l.amount > 0) ? lines : undefined;
  }

  async function charge() {
    if (!cart.length || busy) return;
    if (needsPrescription && !prescriptionId.trim()) {
      setMessage({ severity: 'error', text: 'A prescription-only medicine is in the bill: enter the prescription ID.' });
      return;
    }
    const salePayments = paymentsForSale();
    if (!salePayments) {
      setMessage({ severity: 'error', text: 'Every payment needs an amount such as 120.50.' });
      return;
    }
    if (payments.some((p) => p.gateway && p.method === 'mpesa' && !p.phone?.trim())) {
      setMessage({ severity: 'error', text: "Enter the customer's M-Pesa phone number: the PIN prompt goes to it." });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    setSale(undefined);
    setUnpaid(undefined);
    try {
      const { json } = await api.fetchJson('/api/v1/sales', {
        method: 'POST',
        headers: new Headers({ 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
        body: JSON.stringify({
          storeId,
          lines: cart.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
          payments: salePayments,
          ...(needsPrescription ? { prescriptionId: prescriptionId.trim() } : {}),
        }),
      });
      const done = json.status === 'completed' ? json : await awaitGateway(json);
      setSale(done);
      setCart([]);
      setPrescriptionId('');
      setPayments([{ method: 'cash', amount: '', gateway: false }]);
      setMessage({ severity: 'success', text: `Sale ${done.invoiceNo ?? ''} complete.` });
    } catch (error) {
      setMessage({ severity: 'error', text: problemMessage(error) });
    } finally {
      setBusy(false);
      searchBox.current?.focus();
    }
  }

  /**
   * A gateway line leaves the sale awaiting payment: open the intent with the chain's gateway and wait until the sale
   * completes, or the payment fails (then the sale is left for the cashier to void or to take another way).
   */
  async function awaitGateway(pending: CompletedSale): Promise<CompletedSale> {
    const abandon = (text: string) => {
      setUnpaid(pending.id);
      return new Error(text);
    };
    const line = payments.find((p) => p.gateway)!;
    const phone = line.method === 'mpesa' ? line.phone?.trim() : undefined;
    let intent: { id: string };
    try {
      ({ json: intent } = await api.fetchJson('/api/v1/payments/intents', {
        method: 'POST',
        headers: new Headers({ 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
        // The API picks the chain's payment plugin for the method: a cashier may not read plugin settings.
        body: JSON.stringify({ saleId: pending.id, method: line.method, ...(phone ? { phone } : {}) }),
      }));
    } catch (error) {
      throw abandon(`The payment could not be started: ${problemMessage(error)}`);
    }
    setMessage({
      severity: 'info',
      text: phone ? `Waiting for the customer to enter their M-Pesa PIN on ${phone}…` : 'Waiting for the customer to pay…',
    });
    for (let attempt = 0; attempt < 120; attempt++) {
      const { json: payment } = await api.fetchJson(`/api/v1/payments/${intent.id}`);
      if (payment.status === 'failed' || payment.status === 'cancelled') {
        const reason = payment.failure?.message ?? `the payment was ${payment.status}`;
        throw abandon(`The customer did not pay: ${reason}. Void the sale, or take the payment another way.`);
      }
      const { json: sale } = await api.fetchJson(`/api/v1/sales/${pending.id}`);
      if (sale.status !== 'awaiting_payment') return sale;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw abandon('The payment has not arrived yet; find the sale under Sales to take it another way.');
  }

  async function voidUnpaid() {
    if (!unpaid) return;
    try {
      await api.fetchJson(`/api/v1/sales/${unpaid}/void`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'The gateway payment was not made' }),
      });
      setUnpaid(undefined);
      setMessage({ severity: 'success', text: 'Sale voided: its stock is back on the shelf.' });
    } catch (error) {
      setMessage({ severity: 'error', text: problemMessage(error) });
    }
  }

  async function printInvoice() {
    if (!sale) return;
    const pdf = await api.fetchBlob(`/api/v1/sales/${sale.id}/invoice.pdf`);
    window.open(URL.createObjectURL(pdf), '_blank');
  }

  return (
    <Box sx={{ p: 2 }}>
      <Title title="Point of sale" />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Card sx={{ flex: 2 }}>
          <CardContent>
            <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
              <TextField
                select
                label="Store"
                value={storeId}
                onChange={(e) => setStoreId(e.target.value)}
                sx={{ minWidth: 220 }}
                slotProps={{ htmlInput: { 'aria-label': 'Store' } }}
              >
                {(stores ?? []).map((s) => (
                  <MenuItem key={s.id} value={s.id}>
                    {s.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                inputRef={searchBox}
                disabled={!storeId}
                fullWidth
                label="Scan or search products"
                placeholder="Barcode, brand, generic name…"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={onSearchKey}
                slotProps={{ htmlInput: { 'aria-label': 'Scan or search products', 'data-testid': 'pos-search', autoComplete: 'off' } }}
              />
            </Stack>
            {hits.length > 0 && (
              <List dense aria-label="Search results" sx={{ border: 1, borderColor: 'divider', mb: 2 }}>
                {hits.map((hit, i) => (
                  <ListItemButton key={hit.id} selected={i === highlight} onClick={() => addProduct(hit)}>
                    <ListItemText
                      primary={`${hit.name}${hit.prescriptionRequired ? ' · Rx' : ''}`}
                      secondary={`${hit.genericName ?? ''} · ${hit.manufacturer ?? ''} · ${formatMoney(hit.mrp, currency)} / ${hit.packSize} ${hit.baseUnit}${hit.inStock !== undefined ? ` · ${hit.inStock} in stock` : ''}`}
                    />
                  </ListItemButton>
                ))}
              </List>
            )}
            {substitutes && (
              <Alert severity="info" sx={{ mb: 2 }}>
                <Typography variant="body2">Substitutes for {substitutes.for.name} (same composition):</Typography>
                {substitutes.options.length === 0 && <Typography variant="body2">none in the catalogue.</Typography>}
                {substitutes.options.map((s) => (
                  <Button key={s.id} size="small" onClick={() => addProduct(s)}>
                    {s.name}
                  </Button>
                ))}
              </Alert>
            )}
            <Table size="small" aria-label="Bill">
              <TableHead>
                <TableRow>
                  <TableCell>Product</TableCell>
                  <TableCell>Batch (FEFO)</TableCell>
                  <TableCell align="right">Quantity</TableCell>
                  <TableCell align="right">Amount</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {cart.map((line) => (
                  <TableRow key={line.product.id} data-testid="pos-line">
                    <TableCell>
                      {line.product.name} {line.product.prescriptionRequired && <Chip size="small" color="warning" label="Rx" />}
                    </TableCell>
                    <TableCell>
                      {line.batch && (
                        <Chip
                          size="small"
                          color={EXPIRY_COLOURS[line.batch.expiryStatus]}
                          label={`${line.batch.batchNo} · exp ${line.batch.expiry}`}
                        />
                      )}
                    </TableCell>
                    <TableCell align="right">
                      <TextField
                        type="number"
                        size="small"
                        value={line.quantity}
                        onChange={(e) => {
                          const quantity = Math.max(1, Math.floor(Number(e.target.value) || 1));
                          setCart((lines) => lines.map((l) => (l === line ? { ...l, quantity } : l)));
                        }}
                        slotProps={{ htmlInput: { 'aria-label': `Quantity of ${line.product.name} in ${line.product.baseUnit}`, min: 1 } }}
                        sx={{ width: 100 }}
                      />
                    </TableCell>
                    <TableCell align="right">{formatMoney(estimateLine(line), currency)}</TableCell>
                    <TableCell>
                      <IconButton
                        aria-label={`Remove ${line.product.name}`}
                        onClick={() => setCart((lines) => lines.filter((l) => l !== line))}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card sx={{ flex: 1 }}>
          <CardContent>
            <Typography variant="h5" data-testid="pos-estimate">
              {formatMoney(estimate, currency)}
            </Typography>
            <Typography variant="caption">estimated at MRP; the invoice shows tax and round-off</Typography>
            {needsPrescription && (
              <TextField
                fullWidth
                required
                sx={{ mt: 2 }}
                label="Prescription ID"
                value={prescriptionId}
                onChange={(e) => setPrescriptionId(e.target.value)}
                helperText="Prescription-only medicine: record the verified prescription"
              />
            )}
            {payments.map((p, i) => (
              <Stack key={i} direction="row" spacing={1} useFlexGap sx={{ mt: 2, alignItems: 'center', flexWrap: 'wrap' }}>
                <TextField
                  select
                  size="small"
                  label={`Payment ${i + 1} method`}
                  value={p.method}
                  onChange={(e) =>
                    setPayments((ps) => ps.map((x, j) => (j === i ? { ...x, method: e.target.value as PaymentLine['method'] } : x)))
                  }
                >
                  {METHODS.map((m) => (
                    <MenuItem key={m} value={m}>
                      {m}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  size="small"
                  label={`Payment ${i + 1} amount`}
                  placeholder={i === 0 ? (cashDefault / 100).toFixed(2) : ''}
                  value={p.amount}
                  onChange={(e) => setPayments((ps) => ps.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))}
                />
                {p.method !== 'cash' && p.method !== 'other' && (
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={p.gateway}
                        onChange={(e) => setPayments((ps) => ps.map((x, j) => (j === i ? { ...x, gateway: e.target.checked } : x)))}
                      />
                    }
                    label="via gateway"
                  />
                )}
                {p.gateway && p.method === 'mpesa' && (
                  <TextField
                    size="small"
                    required
                    type="tel"
                    label={`Payment ${i + 1} M-Pesa phone`}
                    placeholder="0712 345 678"
                    value={p.phone ?? ''}
                    onChange={(e) => setPayments((ps) => ps.map((x, j) => (j === i ? { ...x, phone: e.target.value } : x)))}
                  />
                )}
              </Stack>
            ))}
            <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
              <Button onClick={() => setPayments((ps) => [...ps, { method: 'upi', amount: '', gateway: false }])}>Split payment</Button>
              {payments.length > 1 && <Button onClick={() => setPayments((ps) => ps.slice(0, -1))}>Remove last</Button>}
            </Stack>
            <Button fullWidth variant="contained" size="large" sx={{ mt: 2 }} disabled={!cart.length || busy} onClick={charge}>
              Charge (Enter)
            </Button>
            {message && (
              <Alert severity={message.severity} sx={{ mt: 2 }} role="status">
                {message.text}
              </Alert>
            )}
            {unpaid && (
              <Button variant="outlined" color="error" sx={{ mt: 1 }} onClick={voidUnpaid}>
                Void the unpaid sale
              </Button>
            )}
            {sale && (
              <Box sx={{ mt: 2 }} data-testid="pos-receipt">
                <Typography>
                  Invoice <strong data-testid="pos-invoice-no">{sale.invoiceNo}</strong>
                </Typography>
                <Typography>Total {formatMoney(sale.totals.total, sale.currency)}</Typography>
                <Typography>Change {formatMoney(sale.totals.change, sale.currency)}</Typography>
                <Button variant="outlined" sx={{ mt: 1 }} onClick={printInvoice}>
                  Print invoice
                </Button>
              </Box>
            )}
          </CardContent>
        </Card>
      </Stack>
    </Box>
  );
}
