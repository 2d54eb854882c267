'use client';
import { useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import { HttpError, Title } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { ConfigFields, configFromDraft, draftOf, type ConfigSchema } from './plugin-config-form';

interface PluginView {
  name: string;
  status: string;
  reason?: string;
  version?: string;
  description?: string;
  provides: string[];
  enabled: boolean;
  configured: boolean;
  config: Record<string, unknown>;
  configSchema?: ConfigSchema;
}

/** The API's field errors (`config.accountSid`) by path inside the configuration; the rest as one message. */
function fieldErrors(error: unknown): { fields: Record<string, string>; other?: string } {
  const body = error instanceof HttpError ? (error.body as { errors?: { field: string; message: string }[] } | undefined) : undefined;
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const e of body?.errors ?? []) {
    if (e.field.startsWith('config.')) fields[e.field.slice('config.'.length)] = e.message;
    else other.push(`${e.field} ${e.message}`);
  }
  if (!body?.errors?.length) return { fields, other: problemMessage(error) };
  return { fields, other: other.length ? other.join('; ') : 'Some fields need attention: see the messages under them.' };
}

/**
 * One plugin: on/off and a form generated from the configuration schema the plugin declares. Secrets are write-only:
 * the form says whether each is set and offers to replace it; leaving it alone keeps the stored one.
 */
function PluginCard({ initial }: { initial: PluginView }) {
  const api = useApi();
  const [plugin, setPlugin] = useState(initial);
  const schema = plugin.configSchema ?? {};
  const [enabled, setEnabled] = useState(plugin.enabled);
  const [draft, setDraft] = useState(() => draftOf(schema, plugin.config));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();

  async function save() {
    try {
      const { json } = await api.fetchJson(`/api/v1/plugins/${plugin.name}`, {
        method: 'PUT',
        body: JSON.stringify({ enabled, config: configFromDraft(schema, draft) }),
      });
      setPlugin(json);
      setEnabled(json.enabled);
      setDraft(draftOf(json.configSchema ?? {}, json.config));
      setErrors({});
      setMessage({ ok: true, text: 'Saved.' });
    } catch (error) {
      const { fields, other } = fieldErrors(error);
      setErrors(fields);
      setMessage(other ? { ok: false, text: other } : undefined);
    }
  }

  return (
    <Card sx={{ mb: 2 }} component="section" aria-label={`Plugin ${plugin.name}`}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="h6" component="h2">
            {plugin.name}
          </Typography>
          {plugin.version && <Chip size="small" label={plugin.version} />}
          {plugin.provides.map((p) => (
            <Chip key={p} size="small" variant="outlined" label={p} />
          ))}
          {plugin.status === 'ready' && (
            <Chip
              size="small"
              color={plugin.configured ? 'success' : 'warning'}
              label={plugin.configured ? 'configured' : 'needs configuration'}
            />
          )}
        </Stack>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {plugin.description ?? plugin.reason}
        </Typography>
        {plugin.status === 'ready' ? (
          <Box
            component="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <FormControlLabel
              control={<Switch checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />}
              label={`${plugin.name} enabled`}
              sx={{ mb: 1 }}
            />
            <ConfigFields plugin={plugin.name} schema={schema} stored={plugin.config} draft={draft} onChange={setDraft} errors={errors} />
            <Button type="submit" variant="contained" sx={{ mt: 2 }}>
              Save {plugin.name}
            </Button>
          </Box>
        ) : (
          <Alert severity="warning">This plugin could not be loaded: {plugin.reason}</Alert>
        )}
        {message && (
          <Alert severity={message.ok ? 'success' : 'error'} sx={{ mt: 1 }} role={message.ok ? 'status' : 'alert'}>
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
  useEffect(() => {
    api.fetchJson('/api/v1/plugins').then(
      ({ json }) => setPlugins(json),
      (e) => setError(problemMessage(e)),
    );
  }, [api]);
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Plugins" />
      {error && <Alert severity="error">{error}</Alert>}
      {plugins?.map((plugin) => (
        <PluginCard key={plugin.name} initial={plugin} />
      ))}
    </Box>
  );
}
