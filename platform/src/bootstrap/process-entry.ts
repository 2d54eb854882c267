import { ConfigError } from '../config/env.js';
import type { Platform } from './create-platform.js';

/**
 * The life of a production entry (`main.js`, `worker.js`): start, stay up until SIGINT/SIGTERM, close cleanly. A bad
 * configuration exits 78 (EX_CONFIG) with the message alone; any other start failure exits 1.
 */
export function runUntilSignalled(name: string, start: () => Promise<Platform>): void {
  start().then(
    (platform) => {
      const stop = async () => {
        await platform.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78);
      }
      process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
