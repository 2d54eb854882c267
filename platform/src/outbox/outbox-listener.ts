import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import type { Logger } from 'pino';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { OUTBOX_CHANNEL } from './outbox.service.js';

const SWEEP_EVERY_MS = 60_000;
const PURGE_EVERY_SWEEPS = 60;
const RECONNECT_AFTER_MS = 2_000;

/**
 * Wakes the dispatcher: LISTEN on one dedicated connection hears every commit that emitted events (from any
 * process), and a sweep at boot and every minute finds what a missed notification (a dropped connection, a restart)
 * left behind. Lost notifications therefore delay an event by at most a minute and never lose it.
 */
@Injectable()
export class OutboxListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private client?: pg.Client;
  private sweepTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private stopped = false;
  private sweeps = 0;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly dispatcher: OutboxDispatcher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.listen();
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'dawa-outbox-listener' });
    client.on('notification', (message) => {
      if (message.payload) this.dispatcher.wake(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error.message }, 'Outbox listener connection lost; reconnecting');
      this.reconnect();
    });
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Outbox listener could not connect; retrying');
      await client.end().catch(() => undefined);
      this.reconnect();
    }
  }

  private reconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.client = undefined;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen().then(() => this.sweep());
    }, RECONNECT_AFTER_MS);
    this.reconnectTimer.unref();
  }

  private async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const tenant of await this.dispatcher.tenantsWithPendingEvents()) this.dispatcher.wake(tenant.id);
      if (this.sweeps++ % PURGE_EVERY_SWEEPS === 0) await this.dispatcher.purgeHandled();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Outbox sweep failed');
    }
  }
}
