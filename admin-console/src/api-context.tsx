'use client';
import { createContext, useContext } from 'react';
import type { ApiClient } from './auth/api-client';

/** The authenticated API client, for screens that call endpoints outside react-admin's CRUD dialect (POS, reports). */
export const ApiContext = createContext<ApiClient | undefined>(undefined);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside the console');
  return api;
}
