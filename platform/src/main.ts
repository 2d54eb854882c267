import { parseEnv } from './config/env.js';
import { createPlatform } from './bootstrap/create-platform.js';
import { runUntilSignalled } from './bootstrap/process-entry.js';

/**
 * Runs the API (production style), with a Temporal worker only when DAWA_RUN_WORKER=true (otherwise run `worker.js`
 * beside it). `npm start` uses tenants/src/dev-server.ts, which also runs a worker and seeds demo tenants.
 */
runUntilSignalled('Dawa API', async () => {
  const platform = await createPlatform({ worker: parseEnv(process.env).DAWA_RUN_WORKER });
  const url = await platform.listen();
  platform.logger.info({ url }, 'Dawa API listening');
  return platform;
});
