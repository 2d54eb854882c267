'use client';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, LinearProgress } from '@mui/material';
import {
  Admin,
  ChipField,
  Create,
  Datagrid,
  DateField,
  FileField,
  FileInput,
  List,
  PasswordInput,
  Resource,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { ApiContext, useApi } from '../api-context';
import { apiClient, problemMessage } from '../auth/api-client';
import { LoginPage } from '../auth/LoginPage';
import { operatorAuthProvider } from '../auth/operator-auth-provider';
import { sessionStore } from '../auth/session';
import { brandTheme } from '../theme/branding';

function StatusButton() {
  const tenant = useRecordContext<{ id: string; status: string }>();
  const api = useApi();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!tenant || tenant.status === 'provisioning') return null;
  const action = tenant.status === 'suspended' ? 'resume' : 'suspend';
  return (
    <Button
      color={action === 'suspend' ? 'error' : 'primary'}
      onClick={async () => {
        try {
          await api.fetchJson(`/api/v1/platform/tenants/${tenant.id}/${action}`, { method: 'POST', body: '{}' });
          notify(action === 'suspend' ? 'Suspended: its staff can no longer sign in.' : 'Resumed.', { type: 'success' });
          refresh();
        } catch (error) {
          notify(problemMessage(error), { type: 'error' });
        }
      }}
    >
      {action === 'suspend' ? 'Suspend' : 'Resume'}
    </Button>
  );
}

interface ProvisioningStatus {
  status: 'running' | 'completed' | 'failed';
  steps: { name: string; state: 'pending' | 'running' | 'done' | 'failed'; error?: string; attempt?: number }[];
}

const STEP_MARK = { pending: '○', running: '◐', done: '●', failed: '✕' } as const;

/**
 * A new tenant's provisioning workflow, step by step, polled from GET /platform/tenants/:id/provisioning until it
 * completes or a step fails; a failed one can be retried once its cause is fixed.
 */
function ProvisioningProgress() {
  const tenant = useRecordContext<{ id: string; slug: string; status: string }>();
  const api = useApi();
  const refresh = useRefresh();
  const notify = useNotify();
  const [progress, setProgress] = useState<ProvisioningStatus | undefined>();
  const finished = progress?.status === 'completed' || progress?.status === 'failed';

  useEffect(() => {
    if (!tenant?.id || finished) return;
    let stopped = false;
    const poll = async () => {
      try {
        const { json } = await api.fetchJson(`/api/v1/platform/tenants/${tenant.id}/provisioning`);
        if (stopped) return;
        setProgress(json);
        if (json.status === 'completed') refresh();
      } catch (error) {
        if (!stopped) notify(problemMessage(error), { type: 'error' });
      }
    };
    poll();
    const timer = setInterval(poll, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [tenant?.id, finished, api, refresh, notify]);

  if (!tenant || !progress) return null;
  const done = progress.steps.filter((s) => s.state === 'done').length;
  return (
    <Box role="status" aria-label="Provisioning progress" sx={{ mb: 2 }}>
      <LinearProgress
        variant="determinate"
        value={(done / progress.steps.length) * 100}
        color={progress.status === 'failed' ? 'error' : 'primary'}
        aria-label="Provisioning steps done"
      />
      <Box component="ol" sx={{ pl: 3 }}>
        {progress.steps.map((step) => (
          <li key={step.name} data-state={step.state}>
            {STEP_MARK[step.state]} {step.name}
            {step.attempt && step.attempt > 1 ? ` (attempt ${step.attempt})` : ''}
            {step.error ? ` — ${step.error}` : ''}
          </li>
        ))}
      </Box>
      {progress.status === 'completed' && (
        <Alert severity="success" data-testid="provisioning-status">
          Provisioning complete: the chain is active. Its back office is at /{tenant.slug}/
        </Alert>
      )}
      {progress.status === 'failed' && (
        <Alert
          severity="error"
          data-testid="provisioning-status"
          action={
            <Button
              onClick={async () => {
                try {
                  await api.fetchJson(`/api/v1/platform/tenants/${tenant.id}/provisioning/retry`, { method: 'POST', body: '{}' });
                  setProgress(undefined);
                } catch (error) {
                  notify(problemMessage(error), { type: 'error' });
                }
              }}
            >
              Retry
            </Button>
          }
        >
          Provisioning stopped at a failed step. Fix its cause, then retry.
        </Alert>
      )}
    </Box>
  );
}

interface TenantHealth {
  migrations: { current: boolean; applied: number; pending: string[] };
  stores: number;
  users: number;
  plugins: { name: string; status: string; enabled: boolean; configured: boolean; provides: string[]; reason?: string }[];
}

/** Is the chain on the current schema, which plugins run for it, does it have stores and staff. */
function TenantHealthPanel() {
  const tenant = useRecordContext<{ id: string; status: string }>();
  const api = useApi();
  const [health, setHealth] = useState<TenantHealth | undefined>();
  useEffect(() => {
    if (!tenant?.id || tenant.status === 'provisioning') return;
    api.fetchJson(`/api/v1/platform/tenants/${tenant.id}/health`).then(
      ({ json }) => setHealth(json),
      () => undefined,
    );
  }, [api, tenant?.id, tenant?.status]);
  if (!health) return null;
  return (
    <Box aria-label="Tenant health" data-testid="tenant-health">
      <Alert severity={health.migrations.current ? 'success' : 'warning'} sx={{ mb: 1 }}>
        {health.migrations.current
          ? `Schema current (${health.migrations.applied} migrations)`
          : `Pending migrations: ${health.migrations.pending.join(', ')}`}
        {` · ${health.stores} stores · ${health.users} active staff`}
      </Alert>
      <Box component="ul" aria-label="Plugins" sx={{ pl: 3, my: 0 }}>
        {health.plugins.map((p) => (
          <li key={p.name}>
            {p.name} ({p.provides.join(', ')}):{' '}
            {p.status !== 'ready' ? `${p.status}${p.reason ? ` — ${p.reason}` : ''}` : p.enabled ? 'enabled' : 'off'}
            {p.status === 'ready' && (p.configured ? ' · configured' : ' · not configured')}
          </li>
        ))}
      </Box>
    </Box>
  );
}

const TenantList = () => (
  <List sort={{ field: 'slug', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="slug" />
      <TextField source="name" />
      <TextField source="country" />
      <ChipField source="status" />
      <DateField source="createdAt" />
      <StatusButton />
    </Datagrid>
  </List>
);

const TenantShow = () => (
  <Show
    actions={
      <TopToolbar>
        <StatusButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <ProvisioningProgress />
      <TextField source="slug" />
      <TextField source="name" />
      <TextField source="country" />
      <TextField source="currency" />
      <TextField source="timezone" />
      <ChipField source="status" />
      <TenantHealthPanel />
    </SimpleShowLayout>
  </Show>
);

const TAB_SEPARATED = 'text/tab-separated-values';

/**
 * The chain's product files travel in the provisioning request as text, in the media type the product import takes;
 * the API keeps them beside the request (not in workflow history) until the catalogue step has imported them.
 */
async function withCatalogue({ catalogue, ...tenant }: Record<string, unknown> & { catalogue?: { rawFile: File }[] }) {
  if (!catalogue?.length) return tenant;
  const files = await Promise.all(
    catalogue.map(async ({ rawFile }) => ({
      contentType: rawFile.type === TAB_SEPARATED || /\.(tsv|tab)$/i.test(rawFile.name) ? TAB_SEPARATED : 'text/csv',
      content: await rawFile.text(),
    })),
  );
  return { ...tenant, catalogue: files };
}

const TenantCreate = () => (
  <Create redirect="show" title="Provision a tenant" transform={withCatalogue}>
    <SimpleForm>
      <TextInput source="slug" validate={required()} helperText="lowercase letters, digits, dashes: the back office lives at /slug/" />
      <TextInput source="name" validate={required()} />
      <SelectInput
        source="country"
        validate={required()}
        choices={[
          { id: 'IN', name: 'India' },
          { id: 'KE', name: 'Kenya' },
          { id: 'US', name: 'United States' },
        ]}
      />
      <TextInput source="owner.name" label="Owner's name" validate={required()} />
      <TextInput source="owner.email" label="Owner's email" type="email" validate={required()} />
      <PasswordInput source="owner.password" label="Owner's first password" validate={required()} />
      <FileInput
        source="catalogue"
        label="Catalogue (optional)"
        multiple
        accept={{ 'text/csv': ['.csv'], [TAB_SEPARATED]: ['.tsv', '.tab'] }}
        helperText="The chain's product list as the product import takes it (CSV or tab-separated), imported before the chain opens"
      >
        <FileField source="src" title="title" />
      </FileInput>
    </SimpleForm>
  </Create>
);

/** The platform operators' console: its own sign-in and token, the tenant registry as its only resource. */
export function OperatorApp() {
  const { api, authProvider, dataProvider } = useMemo(() => {
    const store = sessionStore('dawa:operator:session');
    const api = apiClient({ authBase: '/api/v1/platform', store, onSessionEnded: () => (window.location.hash = '#/login') });
    return { api, authProvider: operatorAuthProvider(store, api), dataProvider: simpleRestProvider('/api/v1/platform', api.fetchJson) };
  }, []);
  useEffect(() => {
    document.title = 'Dawa operators';
  }, []);
  const [theme] = useState(() => brandTheme({ primaryColor: '#111827', accentColor: '#6366f1' }));
  return (
    <ApiContext.Provider value={api}>
      <Admin
        title="Dawa operators"
        theme={theme}
        authProvider={authProvider}
        dataProvider={dataProvider}
        loginPage={() => <LoginPage branding={{ name: 'Dawa operators', logoUrl: null }} subtitle="Platform operator sign-in" />}
        requireAuth
        disableTelemetry
      >
        <Resource name="tenants" list={TenantList} show={TenantShow} create={TenantCreate} recordRepresentation="name" />
      </Admin>
    </ApiContext.Provider>
  );
}
