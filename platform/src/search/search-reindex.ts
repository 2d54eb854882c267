import type { OutboxMessage } from '../outbox/outbox.service.js';

/**
 * Emitted when a tenant turns a search plugin on or reconfigures it (another cluster, another index prefix): its
 * engine starts empty, so the whole catalogue is sent to it. Until then searches still go to the plugin, which is
 * why the handler runs right after the commit.
 */
export const SEARCH_REINDEX = 'search.reindex';

export const searchReindex = (plugin: string): OutboxMessage<{ plugin: string }> => ({ topic: SEARCH_REINDEX, payload: { plugin } });
