import { hmacDigest, safeEqual } from '@dawa/plugin-sdk';

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, over the full URL Twilio called followed
 * by every POST parameter as name + value, names sorted (a repeated name contributes each distinct value, sorted).
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  const signed = names
    .map((name) =>
      [...new Set(params.getAll(name))]
        .sort()
        .map((value) => name + value)
        .join(''),
    )
    .join('');
  return hmacDigest('sha1', authToken, url + signed, 'base64');
}

/** The URL as called, split around its port: `https://host` + `:8443` + `/path?query`. */
const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*?)(:\d*)?(?=[/?#]|$)/i;

/**
 * The URL with and without its port. Twilio signs the URL it was configured with, and proxies disagree about whether
 * `:443` is part of it, so — like the official SDK's validateRequest — both spellings are tried.
 */
function urlSpellings(url: string): string[] {
  const match = AUTHORITY.exec(url);
  if (!match) return [url];
  const [authority, origin, port] = match;
  const rest = url.slice(authority.length);
  const defaultPort = origin.toLowerCase().startsWith('https:') ? ':443' : ':80';
  return [origin + rest, origin + (port ?? defaultPort) + rest];
}

/** Whether `received` is Twilio's signature of this request, compared in constant time. */
export function isTwilioSignature(received: string, authToken: string, url: string, params: URLSearchParams): boolean {
  // Both spellings are always compared, so the timing does not tell which one matched.
  return urlSpellings(url)
    .map((spelling) => safeEqual(received, twilioSignature(authToken, spelling, params)))
    .reduce((any, matched) => any || matched, false);
}
