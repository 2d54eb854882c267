import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { PLATFORM_CONFIG, type PlatformConfig } from '../../config/config.js';

/** SQL for a job's advisory-lock key; the recovery sweep uses the same expression with `id::text`. */
export const jobLockKey = (jobIdSql: string) => `hashtext('dawa:import-job'), hashtext(${jobIdSql})`;

/**
 * Marks the jobs this process owns, so a process that boots beside it (a second replica, a rolling deploy) can tell
 * a job that is being worked on from one whose process died. Each owned job holds a session-level advisory lock on
 * one dedicated connection: PostgreSQL releases the locks by itself when the process or its connection goes away, so
 * no heartbeat has to be written or expire. One connection serves every job of the process.
 */
@Injectable()
export class ImportLeases implements OnApplicationShutdown {
  private readonly logger = new Logger('ImportLeases');
  private client?: Promise<pg.Client>;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async hold(jobId: string): Promise<void> {
    await (await this.connection()).query(`select pg_advisory_lock(${jobLockKey('$1')})`, [jobId]);
  }

  async release(jobId: string): Promise<void> {
    try {
      await (await this.connection()).query(`select pg_advisory_unlock(${jobLockKey('$1')})`, [jobId]);
    } catch (error) {
      // The lock went with its connection; nothing is left to release.
      this.logger.warn(`Could not release the lease of import ${jobId}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    this.client ??= (async () => {
      const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'dawa-import-leases' });
      client.on('error', (error) => {
        // The server closed the connection: the leases are gone. Running jobs carry on (their progress updates check
        // the job is still theirs); the next hold opens a new connection.
        this.logger.warn(`Import lease connection lost: ${error.message}`);
        this.client = undefined;
      });
      try {
        await client.connect();
      } catch (error) {
        this.client = undefined;
        throw error;
      }
      return client;
    })();
    return this.client;
  }
}
