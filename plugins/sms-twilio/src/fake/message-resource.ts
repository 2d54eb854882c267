import { randomBytes } from 'node:crypto';

export const API_VERSION = '2010-04-01';

/** A message as the fake keeps it, in Twilio's terms. */
export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  /** The sender; for a Messaging Service, the number it picked. */
  from: string;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  errorCode: number | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

/** Twilio's 34-character SIDs: a two-letter resource prefix and 32 hex digits. */
export const twilioSid = (prefix: 'SM' | 'MG') => prefix + randomBytes(16).toString('hex');

/** Twilio writes dates in RFC 2822: `Thu, 24 Aug 2023 05:01:45 +0000`. */
const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

/** Characters of the GSM 03.38 default alphabet and its extension table, which fit 160 to an SMS. */
const GSM_7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** How many SMS a body is billed as: 160 GSM-7 or 70 UCS-2 characters alone, 153 or 67 per part when split. */
export function segmentCount(body: string): number {
  const [single, part] = GSM_7.test(body) ? [160, 153] : [70, 67];
  const length = [...body].length;
  return length <= single ? 1 : Math.ceil(length / part);
}

const messageUri = (message: FakeMessage) => `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}`;

/** The Message resource as Twilio's REST API returns it. */
export function messageResource(message: FakeMessage) {
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent && rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: null,
    // Until a Messaging Service has picked the sender, Twilio shows none.
    from: message.status === 'accepted' ? null : message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(segmentCount(message.body)),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${messageUri(message)}/Media.json`, feedback: `${messageUri(message)}/Feedback.json` },
    to: message.to,
    uri: `${messageUri(message)}.json`,
  };
}
