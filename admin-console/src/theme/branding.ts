import { defaultTheme, type RaThemeOptions } from 'react-admin';

export interface Branding {
  name: string;
  primaryColor: string | null;
  accentColor: string | null;
  logoUrl: string | null;
}

const FALLBACK = { primary: '#334155', accent: '#0ea5e9' };

/** The whole back office in the chain's colours: react-admin's default theme with the palette replaced. */
export function brandTheme(branding: Pick<Branding, 'primaryColor' | 'accentColor'>): RaThemeOptions {
  return {
    ...defaultTheme,
    palette: {
      ...defaultTheme.palette,
      primary: { main: branding.primaryColor ?? FALLBACK.primary },
      secondary: { main: branding.accentColor ?? FALLBACK.accent },
    },
    components: {
      ...defaultTheme.components,
      // The app bar's spinner while anything loads is otherwise an unnamed progressbar to a screen reader.
      RaLoadingIndicator: { defaultProps: { 'aria-label': 'Loading' } },
    },
  };
}

export async function loadBranding(slug: string): Promise<Branding> {
  const response = await fetch('/api/v1/branding', { headers: { 'x-tenant': slug } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ?? 'This pharmacy chain is not available.');
  return body as Branding;
}
