import { PluginError, PluginInputError, type HttpResponse } from '@dawa/plugin-sdk';
import type { RazorpayErrorBody } from './razorpay-entities.js';

/** Which Dawa request field a Razorpay `error.field` stands for, and the field to blame when Razorpay names none. */
export interface ErrorFields {
  fields?: Readonly<Record<string, string>>;
  fallback: string;
}

function errorOf(response: HttpResponse): RazorpayErrorBody['error'] | undefined {
  try {
    return response.json<Partial<RazorpayErrorBody>>().error;
  } catch {
    return undefined;
  }
}

/**
 * Turns a non-2xx Razorpay answer into the error the host understands, keeping the vendor's own description:
 * a 400 is the request's fault (PluginInputError, so the caller gets a 4xx it can show), a 401 the tenant's keys,
 * 429 and 5xx a vendor that should be retried later.
 */
export function razorpayError(response: HttpResponse, what: string, blame: ErrorFields): PluginError {
  const error = errorOf(response);
  const description = error?.description ?? `HTTP ${response.status}`;
  if (response.status === 400 && error) {
    const field = (error.field ? blame.fields?.[error.field] : undefined) ?? blame.fallback;
    return new PluginInputError([{ field, message: `Razorpay: ${description}` }]);
  }
  if (response.status === 401) {
    return new PluginError('vendor_auth_failed', `Razorpay refused the configured key id and key secret (${description}) while ${what}`);
  }
  if (response.status === 409) {
    return new PluginError(
      'vendor_busy',
      `Razorpay is still processing an identical request (${description}) while ${what}; retry shortly`,
    );
  }
  if (response.status === 429 || response.status >= 500) {
    return new PluginError('upstream_unavailable', `Razorpay answered ${response.status} (${description}) while ${what}`);
  }
  return new PluginError('vendor_error', `Razorpay answered ${response.status} (${description}) while ${what}`);
}
