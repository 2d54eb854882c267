import {
  PluginConfigError,
  PluginError,
  PluginInputError,
  type HttpClient,
  type MessageStatus,
  type OutgoingMessage,
  type SentMessage,
} from '@dawa/plugin-sdk';
import { PLUGIN_NAME, type AfricasTalkingConfig } from './config.js';

/** One entry of `SMSMessageData.Recipients` in the answer to `POST /version1/messaging`. */
interface Recipient {
  statusCode: number;
  number: string;
  status: string;
  cost: string;
  messageId: string;
}

/** Per-recipient status codes that mean Africa's Talking took the message: 100 Processed, 101 Sent, 102 Queued. */
const ACCEPTED: Readonly<Record<number, MessageStatus>> = { 100: 'queued', 101: 'sent', 102: 'queued' };

/** What each refusal means for the caller: a bad number, an opted-out person, the tenant's settings, or the gateway. */
function refusal({ statusCode, status, number }: Recipient): PluginError {
  const described = `Africa's Talking refused ${number}: ${statusCode} ${status}`;
  if ([403, 404, 407].includes(statusCode)) return new PluginInputError([{ field: 'to', message: described }]);
  if (statusCode === 406) return new PluginError('recipient_opted_out', described);
  if (statusCode === 402) return new PluginConfigError(PLUGIN_NAME, [{ field: 'from', message: described }]);
  if (statusCode === 405) return new PluginError('insufficient_balance', described);
  if (statusCode >= 500) return new PluginError('upstream_unavailable', described);
  return new PluginError('vendor_rejected', described);
}

/** Sends one SMS; Africa's Talking answers 201 with a status per recipient (409 for Nigeria's do-not-disturb hours). */
export async function sendSms(http: HttpClient, config: AfricasTalkingConfig, message: OutgoingMessage): Promise<SentMessage> {
  if (message.channel !== 'sms') throw new PluginInputError([{ field: 'channel', message: `not sent over ${message.channel}` }]);
  const form = new URLSearchParams({ username: config.username, to: message.to, message: message.body });
  if (config.from) form.set('from', config.from);
  const response = await http.request({
    method: 'POST',
    path: '/version1/messaging',
    headers: { apiKey: config.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (response.status === 401) throw new PluginConfigError(PLUGIN_NAME, [{ field: 'apiKey', message: response.text() }]);
  if (response.status >= 500) throw new PluginError('upstream_unavailable', `Africa's Talking answered ${response.status}`);
  if (response.status !== 201 && response.status !== 409) {
    throw new PluginError('vendor_rejected', `Africa's Talking answered ${response.status}: ${response.text()}`);
  }
  const [recipient] = response.json<{ SMSMessageData: { Recipients: Recipient[] } }>().SMSMessageData.Recipients;
  if (!recipient) throw new PluginInputError([{ field: 'to', message: "Africa's Talking found no recipient in it" }]);
  const status = ACCEPTED[recipient.statusCode];
  if (!status) throw refusal(recipient);
  return { providerRef: recipient.messageId, status };
}
