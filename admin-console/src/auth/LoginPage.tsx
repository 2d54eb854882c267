'use client';
import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { useLogin } from 'react-admin';
import type { Branding } from '../theme/branding';
import { TotpRequired } from './tenant-auth-provider';

export const SIGNED_OUT_REASON = 'dawa:signed-out-reason';

/** The sign-in page in the chain's colours and name; asks for the authenticator code only when the API does. */
export function LoginPage({ branding, subtitle }: { branding: Pick<Branding, 'name' | 'logoUrl'>; subtitle: string }) {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  // Set when the console ended the session itself (refresh-token reuse): say so instead of a bare sign-in form. It is
  // kept until the next sign-in attempt, so the page showing again (react-admin may mount it more than once) still says it.
  const [error, setError] = useState<string | undefined>(() => sessionStorage.getItem(SIGNED_OUT_REASON) ?? undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    sessionStorage.removeItem(SIGNED_OUT_REASON);
    try {
      await login({ email, password, ...(askTotp ? { totp } : {}) });
    } catch (e) {
      if (e instanceof TotpRequired) setAskTotp(true);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'primary.main' }}
    >
      <Card sx={{ width: 380 }}>
        <CardContent>
          {branding.logoUrl && <Box component="img" src={branding.logoUrl} alt={`${branding.name} logo`} sx={{ maxHeight: 64, mb: 1 }} />}
          <Typography variant="h5" component="h1" data-testid="brand-name">
            {branding.name}
          </Typography>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {subtitle}
          </Typography>
          <form onSubmit={submit} aria-label="Sign in">
            <TextField
              fullWidth
              margin="dense"
              label="Email"
              type="email"
              autoComplete="username"
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <TextField
              fullWidth
              margin="dense"
              label="Password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {askTotp && (
              <TextField
                fullWidth
                margin="dense"
                label="Authenticator code"
                autoComplete="one-time-code"
                required
                autoFocus
                value={totp}
                onChange={(e) => setTotp(e.target.value)}
                slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]{6}' } }}
              />
            )}
            {error && (
              <Alert severity="error" role="alert" sx={{ mt: 1 }}>
                {error}
              </Alert>
            )}
            <Button type="submit" fullWidth variant="contained" sx={{ mt: 2 }} disabled={busy}>
              Sign in
            </Button>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
}
