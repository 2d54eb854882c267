'use client';
import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';

interface PluginView {
  name: string;
  status: string;
  reason?: string;
  version?: string;
  description?: string;
  provides: string[];
  enabled: boolean;
  config: Record<string, unknown>;
  secretFields: string[];
}

/**
 * One plugin: on/off and its configuration as JSON. Secrets come back redacted and are write-only: leaving the
 * redacted value in place keeps the stored secret, typing a new value replaces it.
 */
function PluginCard({ plugin, onSaved }: { plugin: PluginView; onSaved(): void }) {
  const api = useApi();
  const [enabled, setEnabled] = useState(plugin.enabled);
  const [config, setConfig] = useState(JSON.stringify(plugin.config, null, 2));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();

  async function save() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(config);
    } catch {
      setMessage({ ok: false, text: 'The configuration is not valid JSON.' });
      return;
    }
    try {
      await api.fetchJson(`/api/v1/plugins/${plugin.name}`, { method: 'PUT', body: JSON.stringify({ enabled, config: parsed }) });
      setMessage({ ok: true, text: 'Saved.' });
      onSaved();
    } catch (error) {
      setMessage({ ok: false, text: problemMessage(error) });
    }
  }

  return (
    <Card sx={{ mb: 2 }} aria-label={`Plugin ${plugin.name}`}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="h6" component="h2">
            {plugin.name}
          </Typography>
          {plugin.version && <Chip size="small" label={plugin.version} />}
          {plugin.provides.map((p) => (
            <Chip key={p} size="small" variant="outlined" label={p} />
          ))}
        </Stack>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {plugin.description ?? plugin.reason}
        </Typography>
        {plugin.status === 'ready' ? (
          <>
            <FormControlLabel control={<Switch checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />} label="Enabled" />
            <TextField
              fullWidth
              multiline
              minRows={3}
              label={`${plugin.name} configuration (JSON)`}
              value={config}
              onChange={(e) => setConfig(e.target.value)}
              helperText={
                plugin.secretFields.length
                  ? `Secret fields (${plugin.secretFields.join(', ')}) are never shown: keep the redacted value to keep them, or type a new one.`
                  : undefined
              }
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
            />
            <Button variant="contained" sx={{ mt: 1 }} onClick={save}>
              Save {plugin.name}
            </Button>
          </>
        ) : (
          <Alert severity="warning">This plugin could not be loaded: {plugin.reason}</Alert>
        )}
        {message && (
          <Alert severity={message.ok ? 'success' : 'error'} sx={{ mt: 1 }}>
            {message.text}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

export function PluginsPage() {
  const api = useApi();
  const [plugins, setPlugins] = useState<PluginView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(() => {
    api.fetchJson('/api/v1/plugins').then(
      ({ json }) => setPlugins(json),
      (e) => setError(problemMessage(e)),
    );
  }, [api]);
  useEffect(load, [load]);
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Plugins" />
      {error && <Alert severity="error">{error}</Alert>}
      {plugins?.map((plugin) => (
        <PluginCard key={`${plugin.name}:${plugin.enabled}:${JSON.stringify(plugin.config)}`} plugin={plugin} onSaved={load} />
      ))}
    </Box>
  );
}
