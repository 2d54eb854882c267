import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { abilityFor } from '../access/ability.factory.js';
import { Problem } from '../common/problem.js';
import { ALLOW_MFA_PENDING, ROUTE_KIND, type RouteKind } from '../common/route-kind.js';
import { TenantResolver } from '../tenancy/tenant-resolver.js';
import { AccessTokens, bearerToken } from './access-tokens.js';
import { OperatorAuthService } from './operator-auth.service.js';
import { TenantAuthService } from './tenant-auth.service.js';

/**
 * The request pipeline before any controller: tenant → token → live session → actor and abilities. It fills
 * `request.dawa` and binds the request's log lines to the tenant and user.
 */
@Injectable()
export class RequestGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly orm: MikroORM,
    private readonly resolver: TenantResolver,
    private readonly tokens: AccessTokens,
    private readonly tenantAuth: TenantAuthService,
    private readonly operatorAuth: OperatorAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.getAllAndOverride<RouteKind | undefined>(ROUTE_KIND, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (kind === 'open' || kind === 'platform-public') return true;
    if (kind === 'platform') return this.operator(request, reply);

    const tenant = await this.resolver.resolve(request);
    request.dawa.tenant = tenant;
    request.dawa.em = this.orm.em.fork({ schema: tenant.schemaName });
    bindLog(request, reply, { tenant: tenant.slug });
    if (kind === 'tenant-public') return true;

    const token = bearerToken(request.headers.authorization);
    if (!token) throw Problem.unauthorized();
    const claims = await this.tokens.verify(token, 'dawa:tenant');
    if (claims.tid !== tenant.id) throw Problem.unauthorized('This access token belongs to another pharmacy chain.', 'wrong-tenant');
    const principal = await this.tenantAuth.principal(tenant, claims.sub, claims.sid);
    if (!principal) throw Problem.unauthorized('Your session has ended; sign in again.', 'session-revoked');
    if (principal.mfaPending && !this.reflector.getAllAndOverride<boolean>(ALLOW_MFA_PENDING, [context.getHandler(), context.getClass()])) {
      throw Problem.forbidden(
        'Your chain requires two-step sign-in for your role. Set it up first (POST /api/v1/auth/mfa/enrol).',
        'mfa-enrolment-required',
      );
    }
    request.dawa.actor = principal.actor;
    request.dawa.sessionId = claims.sid;
    request.dawa.mfaPending = principal.mfaPending;
    request.dawa.ability = abilityFor(principal.actor);
    bindLog(request, reply, { user: principal.actor.id });
    return true;
  }

  private async operator(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw Problem.unauthorized('Sign in as a platform operator to continue.');
    const claims = await this.tokens.verify(token, 'dawa:platform');
    const operator = await this.operatorAuth.principal(claims.sub, claims.sid);
    if (!operator) throw Problem.unauthorized('Your session has ended; sign in again.', 'session-revoked');
    request.dawa.operator = operator;
    request.dawa.sessionId = claims.sid;
    bindLog(request, reply, { operator: operator.id });
    return true;
  }
}

/** Adds fields to every later log line of the request, the final "request completed" line (logged by the reply) included. */
function bindLog(request: FastifyRequest, reply: FastifyReply, bindings: Record<string, string>): void {
  request.log = request.log.child(bindings);
  reply.log = request.log;
}
