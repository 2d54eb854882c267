'use client';
import { useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, LinearProgress, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';

interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  errors?: { row: number; field?: string; message: string }[];
  message: string | null;
}

/** A catalogue file (CSV or TSV) uploaded as is; the API imports it in the background and this page follows it. */
export function ProductImport() {
  const api = useApi();
  const [jobId, setJobId] = useState<string | undefined>();
  const [job, setJob] = useState<ImportJob | undefined>();
  const [error, setError] = useState<string | undefined>();
  const finished = job?.status === 'completed' || job?.status === 'failed';

  useEffect(() => {
    if (!jobId || finished) return;
    const timer = setInterval(() => {
      api.fetchJson(`/api/v1/imports/${jobId}`).then(
        ({ json }) => setJob(json),
        (e) => setError(problemMessage(e)),
      );
    }, 500);
    return () => clearInterval(timer);
  }, [api, jobId, finished]);

  async function upload(file: File) {
    setError(undefined);
    setJob(undefined);
    try {
      const type = file.name.toLowerCase().endsWith('.tsv') ? 'text/tab-separated-values' : 'text/csv';
      const { json } = await api.fetchJson('/api/v1/products/import', {
        method: 'POST',
        headers: new Headers({ 'content-type': type }),
        body: await file.text(),
      });
      setJobId(json.jobId);
    } catch (e) {
      setError(problemMessage(e));
    }
  }

  const percent = job?.total ? Math.round((job.processed / job.total) * 100) : undefined;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Import products" />
      <Card>
        <CardContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            A CSV or TSV file with a header line (name, manufacturer, composition, dosage_form, pack_size, base_unit, barcodes, schedule,
            tax_class, mrp, …). Products already in the catalogue are updated.
          </Typography>
          <Button variant="contained" component="label">
            Choose a file
            <input
              hidden
              type="file"
              accept=".csv,.tsv,text/csv,text/tab-separated-values"
              aria-label="Catalogue file"
              onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])}
            />
          </Button>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
          {jobId && (
            <Box sx={{ mt: 2 }} role="status" aria-label="Import progress" data-testid="import-progress">
              <LinearProgress
                variant={percent === undefined ? 'indeterminate' : 'determinate'}
                value={percent}
                aria-label="Rows imported"
              />
              <Typography variant="body2" sx={{ mt: 1 }}>
                {job
                  ? `${job.status}: ${job.processed}${job.total ? ` of ${job.total}` : ''} rows · ${job.created} new · ${job.updated} updated · ${job.failed} refused`
                  : 'queued'}
              </Typography>
              {job?.message && <Alert severity={job.status === 'failed' ? 'error' : 'info'}>{job.message}</Alert>}
              {job?.errors?.slice(0, 20).map((e) => (
                <Typography key={`${e.row}:${e.field}`} variant="body2" color="error">
                  Row {e.row}
                  {e.field ? ` (${e.field})` : ''}: {e.message}
                </Typography>
              ))}
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
