import { errors } from '@elastic/elasticsearch';
import { PluginError } from '@dawa/plugin-sdk';

interface ElasticsearchErrorBody {
  error?: { type?: string; reason?: string; root_cause?: Array<{ type?: string; reason?: string }> } | string;
}

/** Elasticsearch's own words for a failed request: `index_not_found_exception: no such index [dawa-products-…]`. */
function elasticsearchReason(body: unknown): string {
  const error = (body as ElasticsearchErrorBody | undefined)?.error;
  if (typeof error === 'string') return error;
  const cause = error?.root_cause?.[0] ?? error;
  return cause?.type ? `${cause.type}: ${cause.reason ?? ''}`.trim() : 'no reason given';
}

/** The error type of a refused request (`resource_already_exists_exception`), to tell expected refusals apart. */
export function errorType(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body = error.meta.body as ElasticsearchErrorBody | undefined;
  return typeof body?.error === 'object' ? body.error.type : undefined;
}

/**
 * What went wrong, as a PluginError the host can act on: an unreachable or overloaded cluster is `upstream_unavailable`
 * (retry later), refused credentials `upstream_unauthorized` (fix the configuration), a server that is not
 * Elasticsearch `upstream_incompatible`, anything else `search_failed` with Elasticsearch's reason.
 */
export function toPluginError(action: string, error: unknown): PluginError {
  if (error instanceof PluginError) return error;
  const cause = { cause: error };
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode ?? 0;
    const reason = elasticsearchReason(error.meta.body);
    if (status === 401 || status === 403) {
      return new PluginError('upstream_unauthorized', `Elasticsearch refused the credentials to ${action} (${status}, ${reason})`, cause);
    }
    if (status === 429 || status >= 500) {
      return new PluginError('upstream_unavailable', `Elasticsearch could not ${action} now (${status}, ${reason})`, cause);
    }
    return new PluginError('search_failed', `Elasticsearch refused to ${action} (${status}, ${reason})`, cause);
  }
  if (error instanceof errors.ProductNotSupportedError) {
    return new PluginError('upstream_incompatible', `The configured node is not an Elasticsearch server, so could not ${action}`, cause);
  }
  if (error instanceof errors.ElasticsearchClientError) {
    return new PluginError('upstream_unavailable', `Elasticsearch could not be reached to ${action}: ${error.message}`, cause);
  }
  return new PluginError('search_failed', `Could not ${action}: ${(error as Error)?.message ?? String(error)}`, cause);
}
