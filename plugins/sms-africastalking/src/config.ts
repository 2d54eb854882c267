import { secret, z } from '@dawa/plugin-sdk';

export const PLUGIN_NAME = 'sms-africastalking';

/** A tenant's Africa's Talking app, as its dashboard shows it. */
export const configSchema = z.object({
  /** The app's username; `sandbox` for the sandbox app, which also selects the sandbox host. */
  username: z.string().min(1),
  apiKey: secret(z.string().min(1)),
  /** A registered alphanumeric sender ID or short code; Africa's Talking's default sender otherwise. */
  from: z.string().min(1).optional(),
  /**
   * Delivery reports are not signed. The tenant's delivery-report URL in the dashboard ends in this token, and a
   * report is only believed when it arrives at that URL.
   */
  callbackToken: secret(z.string().min(32)),
});

export type AfricasTalkingConfig = z.output<typeof configSchema>;

export const baseUrl = ({ username }: AfricasTalkingConfig) =>
  username === 'sandbox' ? 'https://api.sandbox.africastalking.com' : 'https://api.africastalking.com';
