'use client';
import type { ReactNode } from 'react';
import { Alert, Box } from '@mui/material';
import { Loading, usePermissions } from 'react-admin';
import { canOpen, ROLE_LABELS, SCREEN_ROLES, type Screen } from './roles';

/** Opening a screen one's roles cannot use (a bookmarked admin URL, say) explains why instead of failing oddly. */
export function RequireRole({ screen, children }: { screen: Screen; children: ReactNode }) {
  const { permissions, isPending } = usePermissions<string[]>();
  if (isPending) return <Loading />;
  if (canOpen(screen, permissions)) return <>{children}</>;
  const allowed = SCREEN_ROLES[screen].map((r) => ROLE_LABELS[r]).join(', ');
  const mine = (permissions ?? []).map((r) => ROLE_LABELS[r] ?? r).join(', ') || 'no role';
  return (
    <Box sx={{ p: 3 }}>
      <Alert severity="warning" role="alert" data-testid="access-denied">
        This page is only for: {allowed}. You are signed in as {mine}. Ask your administrator if you need access.
      </Alert>
    </Box>
  );
}

/** A screen for a react-admin `<Resource>` prop, wrapped in RequireRole. */
export const guarded = (screen: Screen, Component: () => React.JSX.Element) =>
  function Guarded() {
    return (
      <RequireRole screen={screen}>
        <Component />
      </RequireRole>
    );
  };

/** True when the signed-in roles may use the screen; buttons leading to a screen one cannot use are not shown. */
export function useCanOpen(screen: Screen): boolean {
  const { permissions } = usePermissions<string[]>();
  return canOpen(screen, permissions);
}
