'use client';
import { useEffect, useState } from 'react';
import { Alert, Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import {
  Datagrid,
  DateInput,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextField,
  TopToolbar,
  useListContext,
} from 'react-admin';
import { useParams } from 'react-router-dom';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';

export interface RegisterKind {
  id: string;
  name: string;
  schedules: string[];
  retentionYears: number;
}

/** The registers the chain's country keeps (India H1 and X, Kenya's CD book), as the API says; none for a role without. */
export function useRegisterKinds(enabled: boolean): RegisterKind[] | undefined {
  const api = useApi();
  const [kinds, setKinds] = useState<RegisterKind[]>();
  useEffect(() => {
    if (!enabled) return;
    api.fetchJson('/api/v1/registers').then(
      ({ json }) => setKinds(json),
      () => setKinds([]),
    );
  }, [api, enabled]);
  return kinds;
}

const filters = [
  <DateInput key="from" source="from" label="From" alwaysOn />,
  <DateInput key="to" source="to" label="To" alwaysOn />,
  <ReferenceInput key="store" source="storeId" reference="stores" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Store" optionText="name" emptyText="All my stores" />
  </ReferenceInput>,
];

/**
 * The API's CSV of the register as filtered on screen. The export needs the bearer token, so it is fetched and
 * handed to the browser as a download rather than linked.
 */
function ExportCsvButton({ kind }: { kind: string }) {
  const api = useApi();
  const { filterValues } = useListContext();
  const [error, setError] = useState<string>();
  const download = async () => {
    setError(undefined);
    try {
      const blob = await api.fetchBlob(
        `/api/v1/registers/${kind}/export.csv?${new URLSearchParams({ filter: JSON.stringify(filterValues) })}`,
      );
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${kind}-register.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  return (
    <>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <Button startIcon={<DownloadIcon />} onClick={download}>
        Export CSV
      </Button>
    </>
  );
}

type Entry = {
  patient: { name: string; address: string | null };
  prescriber: { name: string; registrationNo: string };
  drug: { name: string; schedule: string };
  batches: { batchNo: string; expiry: string; quantity: number }[];
  pharmacist: { name: string };
  unit: string;
};

/** One statutory register, newest entry first, with the date range an inspector asks for and its CSV export. */
export function RegisterPage() {
  const { kind = '' } = useParams();
  const kinds = useRegisterKinds(true);
  const register = kinds?.find((k) => k.id === kind);
  return (
    <List
      key={kind}
      resource={`registers/${kind}`}
      title={register?.name ?? 'Register'}
      filters={filters}
      sort={{ field: 'entryNo', order: 'DESC' }}
      actions={
        <TopToolbar>
          <ExportCsvButton kind={kind} />
        </TopToolbar>
      }
      empty={false}
    >
      <Datagrid rowClick={false} bulkActionButtons={false}>
        <NumberField source="entryNo" label="Entry" />
        <TextField source="date" />
        <TextField source="invoiceNo" label="Invoice" />
        <ReferenceField source="storeId" reference="stores" link={false} sortable={false} />
        <FunctionField label="Patient" render={(e: Entry) => [e.patient.name, e.patient.address].filter(Boolean).join(', ')} />
        <FunctionField label="Prescriber" render={(e: Entry) => `${e.prescriber.name} (${e.prescriber.registrationNo})`} />
        <FunctionField label="Drug" sortBy="drugName" render={(e: Entry) => `${e.drug.name} · ${e.drug.schedule}`} />
        <FunctionField label="Quantity" render={(e: Entry & { quantity: number }) => `${e.quantity} ${e.unit}`} />
        <FunctionField
          label="Batches"
          render={(e: Entry) => e.batches.map((b) => `${b.batchNo} (exp ${b.expiry}) × ${b.quantity}`).join('; ')}
        />
        <FunctionField label="Pharmacist" render={(e: Entry) => e.pharmacist.name} />
        <TextField source="retainUntil" label="Keep until" sortable={false} />
      </Datagrid>
    </List>
  );
}
