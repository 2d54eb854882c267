'use client';
import { useEffect, useState } from 'react';
import { Alert, Box, Card, CardContent, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { formatMoney } from '../money';

interface SalesSummary {
  from: string;
  to: string;
  currency: string;
  sales: number;
  total: number;
  byDay: { date: string; sales: number; total: number }[];
  byPaymentMethod: { method: string; payments: number; net: number }[];
  topProducts: { productId: string; name: string; quantity: number; amount: number }[];
}

const dayLabel = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * Takings per business day as columns. The picture is an SVG with role="img" and a label that says what it shows;
 * the same numbers are in a table under "Show the numbers" for anyone who would rather read them.
 */
function SalesByDay({ summary }: { summary: SalesSummary }) {
  const theme = useTheme();
  const money = (minor: number) => formatMoney(minor, summary.currency);
  const max = Math.max(1, ...summary.byDay.map((d) => d.total));
  const width = 640;
  const height = 180;
  const gap = 4;
  const barWidth = width / summary.byDay.length - gap;
  const today = summary.byDay[summary.byDay.length - 1];
  return (
    <Box data-testid="sales-by-day">
      <Typography variant="body2" sx={{ mb: 1 }}>
        Today {money(today.total)} ({today.sales} sales) · {summary.byDay.length} days {money(summary.total)} ({summary.sales} sales)
      </Typography>
      <svg
        role="img"
        aria-label={`Sales by day from ${summary.from} to ${summary.to}: ${money(summary.total)} in total, today ${money(today.total)}`}
        viewBox={`0 0 ${width} ${height + 20}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        {summary.byDay.map((d, i) => {
          const h = Math.round((d.total / max) * height);
          const x = i * (barWidth + gap);
          return (
            <g key={d.date}>
              <rect
                x={x}
                y={height - h}
                width={barWidth}
                height={Math.max(h, 1)}
                fill={d === today ? theme.palette.secondary.main : theme.palette.primary.main}
              >
                <title>{`${dayLabel(d.date)}: ${money(d.total)} (${d.sales} sales)`}</title>
              </rect>
              {(i % Math.ceil(summary.byDay.length / 7) === 0 || d === today) && (
                <text x={x + barWidth / 2} y={height + 14} fontSize="10" textAnchor="middle" fill={theme.palette.text.secondary}>
                  {dayLabel(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Show the numbers</summary>
        <table aria-label="Sales by day">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Sales</th>
              <th scope="col">Takings</th>
            </tr>
          </thead>
          <tbody>
            {summary.byDay.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td>
                <td>{d.sales}</td>
                <td>{money(d.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Box>
  );
}

/** Horizontal bars with their labels and amounts written beside them, so the text is the data and the bars the picture. */
function Bars({ label, rows }: { label: string; rows: { key: string; name: string; value: number; text: string }[] }) {
  const theme = useTheme();
  const max = Math.max(1, ...rows.map((r) => r.value));
  if (!rows.length) return <Typography variant="body2">Nothing sold in this period.</Typography>;
  return (
    <svg
      role="img"
      aria-label={`${label}: ${rows.map((r) => `${r.name} ${r.text}`).join(', ')}`}
      viewBox={`0 0 400 ${rows.length * 28}`}
      width="100%"
    >
      {rows.map((r, i) => (
        <g key={r.key} transform={`translate(0 ${i * 28})`}>
          <text x={0} y={12} fontSize="11" fill={theme.palette.text.primary}>
            {r.name.length > 28 ? `${r.name.slice(0, 27)}…` : r.name} · {r.text}
          </text>
          <rect x={0} y={16} height={8} width={Math.max(1, (r.value / max) * 400)} fill={theme.palette.primary.main} />
        </g>
      ))}
    </svg>
  );
}

/** The dashboard's pictures for the store the dashboard shows ('' for the whole chain): sales per day over 14 or 30
 * days, how they were paid, and what sold best. */
export function DashboardCharts({ storeId }: { storeId: string }) {
  const api = useApi();
  const [days, setDays] = useState(14);
  const [summary, setSummary] = useState<SalesSummary | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    // The API's today, in the chain's time zone: the browser's date can be a different day.
    const params = new URLSearchParams({ days: String(days), ...(storeId ? { storeId } : {}) });
    api.fetchJson(`/api/v1/reports/sales-summary?${params}`).then(
      ({ json }) => {
        setSummary(json);
        setError(undefined);
      },
      (e) => setError(problemMessage(e)),
    );
  }, [api, days, storeId]);

  const money = (minor: number) => formatMoney(minor, summary?.currency ?? 'INR');
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
          <Typography variant="subtitle1" component="h3">
            Sales by day
          </Typography>
          <ToggleButtonGroup size="small" exclusive value={days} onChange={(_, value) => value && setDays(value)} aria-label="Period">
            <ToggleButton value={14}>14 days</ToggleButton>
            <ToggleButton value={30}>30 days</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        {error && <Alert severity="error">{error}</Alert>}
        {summary && (
          <Stack spacing={3}>
            <SalesByDay summary={summary} />
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={3}>
              <Box sx={{ flex: 1 }}>
                <Typography variant="subtitle2" component="h4">
                  By payment method
                </Typography>
                <Bars
                  label="Takings by payment method"
                  rows={summary.byPaymentMethod.map((m) => ({
                    key: m.method,
                    name: m.method,
                    value: m.net,
                    text: `${money(m.net)} (${m.payments})`,
                  }))}
                />
              </Box>
              <Box sx={{ flex: 1 }}>
                <Typography variant="subtitle2" component="h4">
                  Top products
                </Typography>
                <Bars
                  label="Top products by takings"
                  rows={summary.topProducts.map((p) => ({ key: p.productId, name: p.name, value: p.amount, text: money(p.amount) }))}
                />
              </Box>
            </Stack>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
