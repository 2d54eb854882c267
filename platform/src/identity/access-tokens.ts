import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { Problem } from '../common/problem.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'dawa';

/** Tenant staff and platform operators get tokens for different audiences; neither is accepted where the other is. */
export type Audience = 'dawa:tenant' | 'dawa:platform';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** The tenant a staff token belongs to; absent on operator tokens. */
  tid?: string;
}

@Injectable()
export class AccessTokens {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async sign(audience: Audience, claims: AccessClaims): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.config.jwtSecret);
  }

  async verify(token: string, audience: Audience): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.config.jwtSecret, { issuer: ISSUER, audience, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw Problem.unauthorized('Your access token is malformed.');
      return payload as unknown as AccessClaims;
    } catch (error) {
      if (error instanceof Problem) throw error;
      if (error instanceof errors.JWTExpired)
        throw Problem.unauthorized('Your session has expired; refresh it or sign in again.', 'token-expired');
      throw Problem.unauthorized('Your access token is not valid here.', 'invalid-token');
    }
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/.exec(header.trim());
  return match?.[1];
}
