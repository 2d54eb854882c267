'use client';
import { useEffect, useState } from 'react';
import { Box, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { Title, useGetIdentity, usePermissions } from 'react-admin';
import { useApi } from '../api-context';
import { canOpen } from '../auth/roles';
import { formatMoney } from '../money';
import { DashboardCharts } from './DashboardCharts';

interface DailySales {
  date: string;
  currency: string;
  sales: number;
  totals: { total: number; tax: number };
  byPaymentMethod: { method: string; payments: number; net: number }[];
}
interface Alerts {
  belowReorderLevel: { productId: string; name: string; onHand: number; reorderLevel: number }[];
  expiring: Record<string, { batchNo: string; name?: string; expiry: string }[]>;
  expiredOnHand: unknown[];
}

function Tile({ label, value }: { label: string; value: string | number }) {
  return (
    <Card sx={{ flex: 1, minWidth: 180 }}>
      <CardContent>
        <Typography variant="overline">{label}</Typography>
        <Typography variant="h5">{value}</Typography>
      </CardContent>
    </Card>
  );
}

/**
 * Today at a glance: sales and how they were paid (bars rather than a table), stock that needs reordering or selling
 * first; for those who read reports, the charts of the last weeks.
 */
export function Dashboard() {
  const api = useApi();
  const { data: identity } = useGetIdentity();
  const { permissions } = usePermissions<string[]>();
  const [sales, setSales] = useState<DailySales | undefined>();
  const [alerts, setAlerts] = useState<Alerts | undefined>();

  useEffect(() => {
    api.fetchJson('/api/v1/reports/daily-sales').then(
      ({ json }) => setSales(json),
      () => undefined,
    );
    api.fetchJson('/api/v1/stock/alerts').then(
      ({ json }) => setAlerts(json),
      () => undefined,
    );
  }, [api]);

  const currency = sales?.currency ?? identity?.tenant?.currency ?? 'INR';
  const maxNet = Math.max(1, ...(sales?.byPaymentMethod.map((m) => m.net) ?? []));
  const nearExpiry = alerts ? Object.values(alerts.expiring).reduce((n, list) => n + list.length, 0) : 0;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Dashboard" />
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {identity?.fullName ? `Hello, ${identity.fullName}` : 'Today'}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', mb: 2 }}>
        <Tile label="Sales today" value={sales?.sales ?? '—'} />
        <Tile label="Takings today" value={sales ? formatMoney(sales.totals.total, currency) : '—'} />
        <Tile label="Below reorder level" value={alerts?.belowReorderLevel.length ?? '—'} />
        <Tile label="Expiring within 90 days" value={alerts ? nearExpiry : '—'} />
      </Stack>
      <Card>
        <CardContent>
          <Typography variant="subtitle1" component="h3">
            Payments by method
          </Typography>
          {(sales?.byPaymentMethod ?? []).map((m) => (
            <Box key={m.method} sx={{ my: 1 }}>
              <Typography variant="body2">
                {m.method}: {formatMoney(m.net, currency)} ({m.payments})
              </Typography>
              <LinearProgress variant="determinate" value={(m.net / maxNet) * 100} aria-label={`${m.method} share`} />
            </Box>
          ))}
          {sales && sales.byPaymentMethod.length === 0 && <Typography variant="body2">No payments yet today.</Typography>}
        </CardContent>
      </Card>
      {canOpen('reports', permissions) && <DashboardCharts />}
    </Box>
  );
}
