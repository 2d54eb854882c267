import { json, type FakeResponse } from '@dawa/plugin-sdk/fakes';

/** Twilio's error answer: the HTTP status, and a body with Twilio's error code and the page that explains it. */
export function twilioError(status: number, code: number, message: string, extra: Record<string, string> = {}): FakeResponse {
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status, ...extra });
}

export const authenticationFailed = (): FakeResponse => ({
  ...twilioError(401, 20003, 'Authenticate', { detail: 'Your AccountSid or AuthToken was incorrect.' }),
  headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Twilio API"' },
});

export const notFound = (path: string): FakeResponse => twilioError(404, 20404, `The requested resource ${path} was not found`);
