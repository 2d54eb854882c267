'use client';
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Stack,
  TextField,
  ThemeProvider,
  Typography,
  createTheme,
  AppBar,
  Toolbar,
} from '@mui/material';
import { Title } from 'react-admin';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import type { Branding } from '../theme/branding';

/** The owner's branding form; the preview re-themes as they type, and saving re-themes the whole console. */
export function BrandingEditor({ branding, onSaved }: { branding: Branding; onSaved(branding: Branding): void }) {
  const api = useApi();
  const [primaryColor, setPrimary] = useState(branding.primaryColor ?? '#334155');
  const [accentColor, setAccent] = useState(branding.accentColor ?? '#0ea5e9');
  const [logoUrl, setLogo] = useState(branding.logoUrl ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const valid = (c: string) => /^#[0-9a-fA-F]{6}$/.test(c);
  const preview = createTheme({
    palette: {
      primary: { main: valid(primaryColor) ? primaryColor : '#334155' },
      secondary: { main: valid(accentColor) ? accentColor : '#0ea5e9' },
    },
  });

  async function save() {
    try {
      const { json } = await api.fetchJson('/api/v1/settings/branding', {
        method: 'PUT',
        body: JSON.stringify({ primaryColor, accentColor, ...(logoUrl.trim() ? { logoUrl: logoUrl.trim() } : {}) }),
      });
      onSaved(json);
      setMessage({ ok: true, text: 'Saved: everyone in your chain now sees the new look.' });
    } catch (error) {
      setMessage({ ok: false, text: problemMessage(error) });
    }
  }

  return (
    <Box sx={{ p: 2 }}>
      <Title title="Branding" />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Card sx={{ flex: 1 }}>
          <CardContent>
            <TextField
              fullWidth
              margin="dense"
              label="Primary colour"
              value={primaryColor}
              onChange={(e) => setPrimary(e.target.value)}
              error={!valid(primaryColor)}
            />
            <TextField
              fullWidth
              margin="dense"
              label="Accent colour"
              value={accentColor}
              onChange={(e) => setAccent(e.target.value)}
              error={!valid(accentColor)}
            />
            <TextField fullWidth margin="dense" label="Logo URL (https)" value={logoUrl} onChange={(e) => setLogo(e.target.value)} />
            <Button variant="contained" sx={{ mt: 2 }} onClick={save} disabled={!valid(primaryColor) || !valid(accentColor)}>
              Save branding
            </Button>
            {message && (
              <Alert severity={message.ok ? 'success' : 'error'} sx={{ mt: 2 }}>
                {message.text}
              </Alert>
            )}
          </CardContent>
        </Card>
        <Card sx={{ flex: 1 }} aria-label="Preview">
          <CardContent>
            <Typography variant="overline">Preview</Typography>
            <ThemeProvider theme={preview}>
              <AppBar position="static">
                <Toolbar>
                  {logoUrl && <Box component="img" src={logoUrl} alt="" sx={{ height: 32, mr: 1 }} />}
                  <Typography variant="h6">{branding.name}</Typography>
                </Toolbar>
              </AppBar>
              <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
                <Button variant="contained">Charge</Button>
                <Button variant="contained" color="secondary">
                  Split payment
                </Button>
              </Stack>
            </ThemeProvider>
          </CardContent>
        </Card>
      </Stack>
    </Box>
  );
}
