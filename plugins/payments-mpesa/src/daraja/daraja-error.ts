import { PluginError, type HttpResponse } from '@dawa/plugin-sdk';

/** Daraja's error body: `{requestId, errorCode: "400.002.02", errorMessage}`. */
export interface DarajaErrorBody {
  requestId?: string;
  errorCode?: string;
  errorMessage?: string;
}

export const INVALID_ACCESS_TOKEN = '404.001.03';

export function darajaErrorBody(response: HttpResponse): DarajaErrorBody {
  try {
    const body = response.json<DarajaErrorBody>();
    return body && typeof body === 'object' ? body : {};
  } catch {
    return {};
  }
}

/** Daraja refused a request: its error code is kept so callers (and the host's logs) can tell refusals apart. */
export class DarajaError extends PluginError {
  constructor(
    readonly status: number,
    readonly body: DarajaErrorBody,
    operation: string,
  ) {
    super('mpesa_error', `M-Pesa ${operation} failed (${status} ${body.errorCode ?? ''}): ${body.errorMessage ?? 'no error message'}`);
  }
}
