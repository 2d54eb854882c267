import twilio from 'twilio';
import type { TwilioConfig } from './config.js';

/**
 * The official Twilio SDK for one tenant, pointed at `baseUrl` — Twilio itself, or the plugin's fake when the host
 * says so (tests, the local sandbox). The fake must be on a numeric address such as 127.0.0.1: the SDK rewrites
 * `product.domain` host names for Twilio's edge locations.
 */
export function twilioClient(config: TwilioConfig, baseUrl: string): twilio.Twilio {
  const client = twilio(config.accountSid, config.authToken, {
    timeout: 15_000,
    // The SDK's debug log prints request bodies (phone numbers, message text) to the console, past the tenant's
    // scrubbing logger: never let TWILIO_LOG_LEVEL=debug in the environment turn it on.
    logLevel: 'info',
  });
  client.api.baseUrl = baseUrl;
  return client;
}
