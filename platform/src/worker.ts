import { createPlatform } from './bootstrap/create-platform.js';
import { runUntilSignalled } from './bootstrap/process-entry.js';

/**
 * Runs a Temporal worker alone (production style: scaled apart from the API). It polls the configured task queue and
 * runs every Dawa workflow and activity; `npm start` runs one inside the API process instead.
 */
runUntilSignalled('Dawa worker', async () => {
  const platform = await createPlatform({ worker: true });
  platform.logger.info({ temporal: platform.temporal.address, taskQueue: platform.temporal.taskQueue }, 'Dawa worker running');
  return platform;
});
