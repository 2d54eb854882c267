'use client';
import { useEffect, useState } from 'react';
import { Box, Card, CardActionArea, CardContent, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useGetIdentity, useGetList, usePermissions } from 'react-admin';
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

/** Owners, admins and auditors see the whole chain; everyone else looks at one of their stores (the API insists). */
const TENANT_WIDE = ['owner', 'admin', 'auditor'];

function Tile({ label, value, to }: { label: string; value: string | number; to?: string }) {
  const body = (
    <CardContent>
      <Typography variant="overline">{label}</Typography>
      <Typography variant="h5">{value}</Typography>
    </CardContent>
  );
  return (
    <Card sx={{ flex: 1, minWidth: 180 }}>
      {to ? (
        <CardActionArea component={Link} to={to}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
}

/** The total a list endpoint reports in its Content-Range (`prescriptions 0-0/7`). */
const totalOf = (headers: Headers) => Number(headers.get('content-range')?.split('/')[1] ?? 0);

/**
 * Today at a glance for one store or the whole chain: sales and how they were paid (bars rather than a table), stock
 * that needs reordering or selling first, prescriptions waiting for a pharmacist; for those who read reports, the
 * charts of the last weeks.
 */
export function Dashboard() {
  const api = useApi();
  const { data: identity } = useGetIdentity();
  const { permissions } = usePermissions<string[]>();
  const tenantWide = Boolean(identity?.roles?.some((r: string) => TENANT_WIDE.includes(r)));
  const myStores: string[] = identity?.storeIds ?? [];
  const choosesStore = tenantWide || myStores.length > 1;
  const { data: stores } = useGetList(
    'stores',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: choosesStore },
  );
  const [chosenStore, setChosenStore] = useState<string | undefined>();
  const storeId = identity ? (chosenStore ?? (tenantWide ? '' : myStores[0])) : undefined;
  const [sales, setSales] = useState<DailySales | undefined>();
  const [alerts, setAlerts] = useState<Alerts | undefined>();
  const [pendingRx, setPendingRx] = useState<number | undefined>();
  const seesReports = canOpen('reports', permissions);
  const seesPrescriptions = canOpen('prescriptions', permissions);

  useEffect(() => {
    if (storeId === undefined) return;
    const store = storeId ? `storeId=${storeId}` : '';
    setSales(undefined);
    setAlerts(undefined);
    setPendingRx(undefined);
    if (seesReports)
      api.fetchJson(`/api/v1/reports/daily-sales?${store}`).then(
        ({ json }) => setSales(json),
        () => undefined,
      );
    api.fetchJson(`/api/v1/stock/alerts?${store}`).then(
      ({ json }) => setAlerts(json),
      () => undefined,
    );
    if (seesPrescriptions)
      api.fetchJson(`/api/v1/prescriptions/queue?${store}&range=[0,0]`).then(
        ({ headers }) => setPendingRx(totalOf(headers)),
        () => undefined,
      );
  }, [api, storeId, seesReports, seesPrescriptions]);

  const currency = sales?.currency ?? identity?.tenant?.currency ?? 'INR';
  const maxNet = Math.max(1, ...(sales?.byPaymentMethod.map((m) => m.net) ?? []));
  const nearExpiry = alerts ? Object.values(alerts.expiring).reduce((n, list) => n + list.length, 0) : 0;
  const choices = (stores ?? []).filter((s) => tenantWide || myStores.includes(s.id));
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Dashboard" />
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2">
          {identity?.fullName ? `Hello, ${identity.fullName}` : 'Today'}
        </Typography>
        {choosesStore && (
          <TextField
            select
            size="small"
            label="Store"
            value={storeId ?? ''}
            onChange={(e) => setChosenStore(e.target.value)}
            sx={{ width: 260 }}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          >
            {tenantWide && <MenuItem value="">All stores</MenuItem>}
            {choices.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.name}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Stack>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
        {seesReports && <Tile label="Sales today" value={sales?.sales ?? '—'} to="/reports/daily-sales" />}
        {seesReports && <Tile label="Takings today" value={sales ? formatMoney(sales.totals.total, currency) : '—'} />}
        <Tile label="Below reorder level" value={alerts?.belowReorderLevel.length ?? '—'} to="/stock-alerts" />
        <Tile label="Expiring within 90 days" value={alerts ? nearExpiry : '—'} to="/stock-alerts" />
        {seesPrescriptions && <Tile label="Prescriptions waiting" value={pendingRx ?? '—'} to="/prescriptions" />}
      </Stack>
      {seesReports && (
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
      )}
      {seesReports && storeId !== undefined && <DashboardCharts storeId={storeId} />}
    </Box>
  );
}
