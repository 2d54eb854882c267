import { SetMetadata } from '@nestjs/common';

/**
 * Every route declares who may call it; the request guard reads this. Undecorated routes are tenant routes for
 * signed-in staff, so forgetting a decorator fails closed.
 */
export type RouteKind =
  /** Needs a tenant but nobody signed in (sign-in, token refresh). */
  | 'tenant-public'
  /** Platform operator routes. */
  | 'platform'
  /** Operator sign-in and refresh. */
  | 'platform-public'
  /** Infrastructure endpoints: health, metrics. */
  | 'open';

export const ROUTE_KIND = 'dawa:route-kind';
export const ALLOW_MFA_PENDING = 'dawa:allow-mfa-pending';

export const RouteKind = (kind: RouteKind) => SetMetadata(ROUTE_KIND, kind);
/** Reachable by an owner/admin who must still enrol in MFA (enrolment itself, me, logout). */
export const AllowWhileMfaPending = () => SetMetadata(ALLOW_MFA_PENDING, true);
