'use client';
import { Suspense, useState, type FormEvent } from 'react';
import { Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { consoleTarget } from './location';
import { lazyScreen } from './lazy-screen';

// A chain's staff never download the operators' console, nor operators the back office.
const OperatorApp = lazyScreen(() => import('./operator/OperatorApp'), 'OperatorApp');
const TenantApp = lazyScreen(() => import('./TenantApp'), 'TenantApp');

/** Opened at the bare root with no chain in the address: ask which chain, then go to its back office. */
function ChainChooser() {
  const [slug, setSlug] = useState('');
  const go = (event: FormEvent) => {
    event.preventDefault();
    window.location.assign(`/${slug.trim().toLowerCase()}/`);
  };
  return (
    <Box component="main" sx={{ p: 4, display: 'flex', justifyContent: 'center' }}>
      <Card sx={{ width: 380 }}>
        <CardContent>
          <Typography variant="h5" component="h1">
            Dawa back office
          </Typography>
          <form onSubmit={go}>
            <TextField
              fullWidth
              margin="dense"
              label="Your pharmacy chain's short name"
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              required
            />
            <Button type="submit" variant="contained" sx={{ mt: 1 }}>
              Continue
            </Button>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
}

export default function ConsoleApp() {
  const [target] = useState(() => consoleTarget());
  if (target.kind === 'operator')
    return (
      <Suspense fallback={null}>
        <OperatorApp />
      </Suspense>
    );
  if (target.kind === 'tenant')
    return (
      <Suspense fallback={null}>
        <TenantApp slug={target.slug} />
      </Suspense>
    );
  return <ChainChooser />;
}
