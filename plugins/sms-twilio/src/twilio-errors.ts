import { PluginConfigError, PluginError, PluginInputError } from '@dawa/plugin-sdk';
import twilio from 'twilio';
import { PLUGIN_NAME } from './config.js';

/** Twilio error codes that say what was wrong with the message, by the field of OutgoingMessage at fault. */
const MESSAGE_FIELD_ERRORS: Readonly<Record<number, string>> = {
  21211: 'to', // invalid 'To' number
  21408: 'to', // the account may not send to this region
  21604: 'to', // 'To' required
  21612: 'to', // no route between 'From' and 'To'
  21614: 'to', // 'To' is not a mobile number
  21602: 'body', // body required
  21617: 'body', // body longer than 1,600 characters
};

/** Twilio error codes that say the tenant's Twilio settings are wrong, by the config field to fix. */
const CONFIG_FIELD_ERRORS: Readonly<Record<number, string>> = {
  20003: 'authToken', // authentication failed
  20404: 'accountSid', // the account (or a resource under it) does not exist
  21212: 'from', // invalid 'From' number
  21603: 'from', // 'From' required
  21606: 'from', // 'From' is not an SMS-capable number of the account
  21659: 'from', // 'From' is not a Twilio number
  21701: 'messagingServiceSid', // Messaging Service not found
  21703: 'messagingServiceSid', // Messaging Service has no senders
  21705: 'messagingServiceSid', // invalid Messaging Service SID
};

/** Twilio's 21610: the recipient texted STOP to this sender and Twilio refuses to message them until they text START. */
const UNSUBSCRIBED_RECIPIENT = 21610;

/**
 * Translates what the Twilio SDK threw into the SDK's error kinds. Only Twilio's own code and message are kept: the
 * SDK's transport errors carry the request, Basic credentials included, so they are never attached as a cause.
 */
export function translateTwilioError(error: unknown): PluginError {
  if (!(error instanceof twilio.RestException)) {
    return new PluginError('upstream_unavailable', `Twilio could not be reached: ${(error as Error).message}`);
  }
  const described = `Twilio error ${error.code ?? error.status}: ${error.message}`;
  const code = error.code ?? 0;
  if (code === UNSUBSCRIBED_RECIPIENT) return new PluginError('recipient_opted_out', described);
  if (Object.hasOwn(MESSAGE_FIELD_ERRORS, code)) return new PluginInputError([{ field: MESSAGE_FIELD_ERRORS[code], message: described }]);
  if (Object.hasOwn(CONFIG_FIELD_ERRORS, code)) {
    return new PluginConfigError(PLUGIN_NAME, [{ field: CONFIG_FIELD_ERRORS[code], message: described }]);
  }
  if (error.status === 429) return new PluginError('rate_limited', described);
  if (error.status >= 500) return new PluginError('upstream_unavailable', described);
  return new PluginError('vendor_rejected', described);
}
