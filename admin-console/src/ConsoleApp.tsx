'use client';
import { useState, type FormEvent } from 'react';
import { Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { consoleTarget } from './location';
import { OperatorApp } from './operator/OperatorApp';
import { TenantApp } from './TenantApp';

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
  if (target.kind === 'operator') return <OperatorApp />;
  if (target.kind === 'tenant') return <TenantApp slug={target.slug} />;
  return <ChainChooser />;
}
