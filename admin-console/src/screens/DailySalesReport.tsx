'use client';
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Card,
  CardContent,
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
import { Title, useGetList } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { formatMoney } from '../money';

interface DailySales {
  date: string;
  currency: string;
  sales: number;
  totals: { gross: number; discount: number; taxable: number; tax: number; roundOff: number; total: number; changeGiven: number };
  byPaymentMethod: { method: string; payments: number; tendered: number; change: number; net: number }[];
  byTaxRate: { rate: number; treatment: string; sales: number; taxable: number; tax: number }[];
}

/** The day's takings for one store or all the user may see: totals, by payment method, by tax rate. */
export function DailySalesReport() {
  const api = useApi();
  const { data: stores } = useGetList('stores', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } });
  // Empty: the API's today, in the chain's time zone (the browser's date can be a different day).
  const [date, setDate] = useState('');
  const [storeId, setStoreId] = useState('');
  const [report, setReport] = useState<DailySales | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const params = new URLSearchParams({ ...(date ? { date } : {}), ...(storeId ? { storeId } : {}) });
    api.fetchJson(`/api/v1/reports/daily-sales?${params}`).then(
      ({ json }) => {
        setReport(json);
        setError(undefined);
      },
      (e) => setError(problemMessage(e)),
    );
  }, [api, date, storeId]);

  const money = (minor: number) => formatMoney(minor, report?.currency ?? 'INR');
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Daily sales" />
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <TextField
          type="date"
          label="Date"
          value={date || report?.date || ''}
          onChange={(e) => setDate(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField select label="Store" value={storeId} onChange={(e) => setStoreId(e.target.value)} sx={{ minWidth: 240 }}>
          <MenuItem value="">All my stores</MenuItem>
          {(stores ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {report && (
        <Stack spacing={2}>
          <Card>
            <CardContent>
              <Typography variant="h6" component="h2">
                {report.sales} sales · {money(report.totals.total)}
              </Typography>
              <Typography variant="body2">
                Gross {money(report.totals.gross)} · discount {money(report.totals.discount)} · taxable {money(report.totals.taxable)} · tax{' '}
                {money(report.totals.tax)} · round-off {money(report.totals.roundOff)} · change given {money(report.totals.changeGiven)}
              </Typography>
            </CardContent>
          </Card>
          <Table size="small" aria-label="By payment method">
            <TableHead>
              <TableRow>
                <TableCell>Method</TableCell>
                <TableCell align="right">Payments</TableCell>
                <TableCell align="right">Tendered</TableCell>
                <TableCell align="right">Change</TableCell>
                <TableCell align="right">Net</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.byPaymentMethod.map((m) => (
                <TableRow key={m.method}>
                  <TableCell>{m.method}</TableCell>
                  <TableCell align="right">{m.payments}</TableCell>
                  <TableCell align="right">{money(m.tendered)}</TableCell>
                  <TableCell align="right">{money(m.change)}</TableCell>
                  <TableCell align="right">{money(m.net)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Table size="small" aria-label="By tax rate">
            <TableHead>
              <TableRow>
                <TableCell>Rate</TableCell>
                <TableCell>Treatment</TableCell>
                <TableCell align="right">Sales</TableCell>
                <TableCell align="right">Taxable</TableCell>
                <TableCell align="right">Tax</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.byTaxRate.map((r) => (
                <TableRow key={`${r.rate}:${r.treatment}`}>
                  <TableCell>{r.rate}%</TableCell>
                  <TableCell>{r.treatment}</TableCell>
                  <TableCell align="right">{r.sales}</TableCell>
                  <TableCell align="right">{money(r.taxable)}</TableCell>
                  <TableCell align="right">{money(r.tax)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Stack>
      )}
    </Box>
  );
}
