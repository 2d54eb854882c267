import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { AppAbility } from '../access/ability.js';
import type { Actor } from '../access/actor.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';

export interface OperatorIdentity {
  id: string;
  email: string;
  name: string;
}

/** What the request pipeline has established about a request before a controller runs. */
export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent?: string;
  tenant?: TenantRef;
  /** An EntityManager bound to the tenant's schema, fresh for this request. */
  em?: EntityManager;
  actor?: Actor;
  ability?: AppAbility;
  sessionId?: string;
  /** The tenant requires MFA for this user's role and they have not enrolled yet. */
  mfaPending?: boolean;
  operator?: OperatorIdentity;
}

declare module 'fastify' {
  interface FastifyRequest {
    dawa: RequestContext;
  }
}

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  return context.switchToHttp().getRequest<FastifyRequest>().dawa;
});
