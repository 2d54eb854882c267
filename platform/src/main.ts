import { ConfigError } from './config/env.js';
import { createPlatform } from './bootstrap/create-platform.js';

/** Runs the API alone (production style). `npm start` uses tenants/src/dev-server.ts, which also seeds demo tenants. */
async function main(): Promise<void> {
  const platform = await createPlatform();
  const url = await platform.listen();
  platform.logger.info({ url }, 'Dawa API listening');
  const stop = async () => {
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`Dawa API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
