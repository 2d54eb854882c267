import type { Clock, PluginContext } from '@dawa/plugin-sdk';
import type { MpesaConfig } from './config.js';
import { DarajaClient } from './daraja/daraja-client.js';
import type { StkCredentials } from './daraja/stk.js';
import { stkPassword } from './daraja/stk-password.js';
import { darajaTimestamp } from './nairobi-time.js';

/** One tenant's M-Pesa: its configuration, its Daraja client (and cached token), and its clock. */
export class MpesaSession {
  readonly daraja: DarajaClient;
  readonly config: MpesaConfig;
  readonly clock: Clock;

  constructor(context: PluginContext<MpesaConfig>) {
    this.config = context.config;
    this.clock = context.clock;
    this.daraja = new DarajaClient(context.http, context.clock, context.config);
  }

  /** A fresh STK password: it is only valid with the Nairobi timestamp it was made for. */
  stkCredentials(): StkCredentials {
    const timestamp = darajaTimestamp(this.clock.now());
    return {
      BusinessShortCode: this.config.shortCode,
      Password: stkPassword(this.config.shortCode, this.config.passkey, timestamp),
      Timestamp: timestamp,
    };
  }
}
