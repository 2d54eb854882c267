'use client';
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Link,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useGetIdentity, useGetList } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';

interface LowStock {
  storeId: string;
  productId: string;
  name: string;
  reorderLevel: number;
  onHand: number;
}
interface ExpiringBatch {
  batchId: string;
  storeId: string;
  productId: string;
  name: string;
  batchNo: string;
  expiry: string;
  daysToExpiry: number;
  quantity: number;
}
interface Alerts {
  asOf: string;
  belowReorderLevel: LowStock[];
  expiring: { within30Days: ExpiringBatch[]; within60Days: ExpiringBatch[]; within90Days: ExpiringBatch[] };
  expiredOnHand: ExpiringBatch[];
}

/** The stock list filtered to the product in the store, where the batches can be adjusted or sent elsewhere. */
function StockLink({ row }: { row: { productId: string; storeId: string; name: string } }) {
  const filter = encodeURIComponent(JSON.stringify({ productId: row.productId, storeId: row.storeId }));
  return (
    <Link component={RouterLink} to={`/stock?filter=${filter}`}>
      {row.name}
    </Link>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  return (
    <Card component="section" aria-label={title} sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="subtitle1" component="h2">
          {title} ({count})
        </Typography>
        {count === 0 ? <Typography variant="body2">Nothing here.</Typography> : children}
      </CardContent>
    </Card>
  );
}

function BatchTable({ rows, storeName }: { rows: ExpiringBatch[]; storeName: (id: string) => string }) {
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>Product</TableCell>
          <TableCell>Store</TableCell>
          <TableCell>Batch</TableCell>
          <TableCell>Expiry</TableCell>
          <TableCell align="right">Days left</TableCell>
          <TableCell align="right">On hand</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((b) => (
          <TableRow key={b.batchId}>
            <TableCell>
              <StockLink row={b} />
            </TableCell>
            <TableCell>{storeName(b.storeId)}</TableCell>
            <TableCell>{b.batchNo}</TableCell>
            <TableCell>{b.expiry}</TableCell>
            <TableCell align="right">{b.daysToExpiry}</TableCell>
            <TableCell align="right">{b.quantity}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * What needs doing about stock: products below their reorder level, batches expiring within 30/60/90 days and
 * expired stock still on the shelves. Store-scoped staff look at one of their stores; the chain's roles may see all.
 */
export function StockAlerts() {
  const api = useApi();
  const { data: identity } = useGetIdentity();
  const { data: stores = [] } = useGetList('stores', { sort: { field: 'name', order: 'ASC' }, pagination: { page: 1, perPage: 100 } });
  const storeScoped = Boolean(identity && !identity.roles.some((r: string) => ['owner', 'admin', 'auditor'].includes(r)));
  const [storeId, setStoreId] = useState('');
  const [alerts, setAlerts] = useState<Alerts | undefined>();
  const [error, setError] = useState<string | undefined>();
  const chosen = storeId || (storeScoped ? (identity?.storeIds?.[0] ?? '') : '');

  useEffect(() => {
    if (!identity || (storeScoped && !chosen)) return;
    setError(undefined);
    api.fetchJson(`/api/v1/stock/alerts${chosen ? `?storeId=${chosen}` : ''}`).then(
      ({ json }) => setAlerts(json),
      (e) => setError(problemMessage(e)),
    );
  }, [api, identity, storeScoped, chosen]);

  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? '';
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Stock alerts" />
      <TextField
        select
        label="Store"
        value={chosen}
        onChange={(e) => setStoreId(e.target.value)}
        sx={{ minWidth: 280, mb: 2 }}
        size="small"
      >
        {!storeScoped && <MenuItem value="">All stores</MenuItem>}
        {stores.map((s) => (
          <MenuItem key={s.id} value={s.id}>
            {s.name}
          </MenuItem>
        ))}
      </TextField>
      {error && <Alert severity="error">{error}</Alert>}
      {alerts && (
        <>
          <Section title="Below reorder level" count={alerts.belowReorderLevel.length}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Product</TableCell>
                  <TableCell>Store</TableCell>
                  <TableCell align="right">On hand</TableCell>
                  <TableCell align="right">Reorder level</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {alerts.belowReorderLevel.map((p) => (
                  <TableRow key={`${p.storeId}:${p.productId}`}>
                    <TableCell>
                      <StockLink row={p} />
                    </TableCell>
                    <TableCell>{storeName(p.storeId)}</TableCell>
                    <TableCell align="right">{p.onHand}</TableCell>
                    <TableCell align="right">{p.reorderLevel}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>
          <Section title="Expired, still on hand" count={alerts.expiredOnHand.length}>
            <BatchTable rows={alerts.expiredOnHand} storeName={storeName} />
          </Section>
          {(
            [
              ['within30Days', 'Expiring within 30 days'],
              ['within60Days', 'Expiring in 30 to 60 days'],
              ['within90Days', 'Expiring in 60 to 90 days'],
            ] as const
          ).map(([key, title]) => (
            <Section key={key} title={title} count={alerts.expiring[key].length}>
              <BatchTable rows={alerts.expiring[key]} storeName={storeName} />
            </Section>
          ))}
        </>
      )}
    </Box>
  );
}
