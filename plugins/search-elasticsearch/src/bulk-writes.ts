import type { Client, estypes } from '@elastic/elasticsearch';
import { PluginError } from '@dawa/plugin-sdk';

/** One write of a bulk request: a document to put under its id, or an id to delete. */
export type BulkWrite = { put: string; document: object } | { delete: string };

/** Enough documents per request to amortise the round trip, few enough to stay far below `http.max_content_length`. */
const BATCH = 1_000;

const operations = (write: BulkWrite): estypes.BulkOperationContainer | [estypes.BulkOperationContainer, object] =>
  'put' in write ? [{ index: { _id: write.put } }, write.document] : { delete: { _id: write.delete } };

/**
 * Applies the writes in batches and resolves once they are searchable: the last batch waits for the refresh that
 * publishes it, and a refresh publishes every write before it, so the earlier batches are visible too.
 */
export async function writeInBatches(client: Client, index: string, writes: readonly BulkWrite[], action: string): Promise<void> {
  for (let start = 0; start < writes.length; start += BATCH) {
    const batch = writes.slice(start, start + BATCH);
    const response = await client.bulk({
      index,
      operations: batch.flatMap(operations),
      refresh: start + BATCH >= writes.length ? 'wait_for' : false,
    });
    if (response.errors) throw batchFailure(response.items, action);
  }
}

/**
 * Item failures of a bulk request. A delete of an id that is not there is not one. A batch some of whose writes were
 * rejected because the cluster is overloaded (429) can be retried as a whole: the writes are idempotent.
 */
function batchFailure(items: estypes.BulkResponse['items'], action: string): PluginError {
  const failed = items.flatMap((item) => Object.values(item) as estypes.BulkResponseItem[]).filter((result) => result.error);
  const examples = failed
    .slice(0, 3)
    .map((result) => `${result._id}: ${result.error?.type}: ${result.error?.reason}`)
    .join('; ');
  const message = `Elasticsearch did not ${action} ${failed.length} product(s): ${examples}`;
  const overloaded = failed.every((result) => result.status === 429);
  return new PluginError(overloaded ? 'upstream_unavailable' : 'search_index_failed', message);
}
