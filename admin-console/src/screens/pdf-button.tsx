'use client';
import { Button } from '@mui/material';
import { useNotify } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';

/** Opens a document the API prints (invoice, credit note): a link could not carry the bearer token, so it is fetched as a blob. */
export function PdfButton({ path, label }: { path: string; label: string }) {
  const api = useApi();
  const notify = useNotify();
  return (
    <Button
      onClick={async () => {
        try {
          window.open(URL.createObjectURL(await api.fetchBlob(path)), '_blank');
        } catch (error) {
          notify(problemMessage(error), { type: 'error' });
        }
      }}
    >
      {label}
    </Button>
  );
}
