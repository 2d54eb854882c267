import { join } from 'node:path';
import type { Env } from '../config/env.js';
import { defaultDataDir } from '../config/config.js';
import { startTemporalDevServer, temporalReachable, type TemporalDevServerHandle } from './temporal-dev-server.js';

/** Where this process reaches Temporal, and the dev server it started (to stop with it), if any. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The web UI, when this process knows one (the dev server's). */
  uiUrl?: string;
  devServer?: TemporalDevServerHandle;
}

/**
 * TEMPORAL_ADDRESS when set; otherwise the Temporal CLI dev server with its data under `.data/temporal/`. When that
 * server is already up (say `npm start` runs and the operator CLI starts beside it) it is shared, not started twice.
 */
export async function resolveTemporal(env: Env, log: (line: string) => void): Promise<TemporalTarget> {
  const common = { namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.DAWA_TEMPORAL_TASK_QUEUE };
  if (env.TEMPORAL_ADDRESS) return { address: env.TEMPORAL_ADDRESS, ...common };
  const address = `127.0.0.1:${env.DAWA_TEMPORAL_DEV_PORT}`;
  const uiUrl = `http://127.0.0.1:${env.DAWA_TEMPORAL_UI_PORT}`;
  if (await temporalReachable(address, env.TEMPORAL_NAMESPACE)) return { address, uiUrl, ...common };
  const devServer = await startTemporalDevServer({
    dbFile: join(defaultDataDir(env), 'temporal', 'temporal.db'),
    port: env.DAWA_TEMPORAL_DEV_PORT,
    uiPort: env.DAWA_TEMPORAL_UI_PORT,
    namespace: env.TEMPORAL_NAMESPACE,
    log,
  });
  return { address: devServer.address, uiUrl: devServer.uiUrl, devServer, ...common };
}
