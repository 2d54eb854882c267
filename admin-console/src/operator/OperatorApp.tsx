'use client';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, LinearProgress, Typography } from '@mui/material';
import {
  Admin,
  ChipField,
  Create,
  Datagrid,
  DateField,
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

/** Watches a new tenant until it is ready; provisioning runs in the API, this only polls its status. */
function ProvisioningProgress() {
  const tenant = useRecordContext<{ id: string; status: string }>();
  const refresh = useRefresh();
  useEffect(() => {
    if (tenant?.status !== 'provisioning') return;
    const timer = setInterval(refresh, 1000);
    return () => clearInterval(timer);
  }, [tenant?.status, refresh]);
  if (!tenant) return null;
  if (tenant.status === 'provisioning')
    return (
      <Box role="status">
        <Typography>Setting up the chain’s database…</Typography>
        <LinearProgress />
      </Box>
    );
  return (
    <Alert severity="success" role="status" data-testid="provisioning-status">
      Provisioning complete: the chain is {tenant.status}. Its back office is at /{(tenant as { slug?: string }).slug}/
    </Alert>
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
    </SimpleShowLayout>
  </Show>
);

const TenantCreate = () => (
  <Create redirect="show" title="Provision a tenant">
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
