import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { idempotencyKey } from '../sales/sales.schemas.js';
import { paymentIntentInput, type PaymentIntentInput } from './payments.schemas.js';
import { PaymentsService } from './payments.service.js';
import { ReconciliationService } from './reconciliation.service.js';

@ApiTags('payments')
@Controller('api/v1')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  /** 201 with the payment and what the customer must do next; a replayed Idempotency-Key answers 200 with the same one. */
  @Post('payments/intents')
  @ApiBody({ schema: openApiSchema(paymentIntentInput) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the same payment' })
  async createIntent(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Body(zodPipe(paymentIntentInput)) body: PaymentIntentInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = zodPipe(idempotencyKey).transform(rawKey);
    const outcome = await this.payments.createIntent(scopeFromRequest(ctx), body, key);
    reply.status(outcome.replayed ? 200 : 201);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.payment;
  }

  @Get('payments')
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.payments.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'payments', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('payments/:id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.payments.get(scopeFromRequest(ctx), id);
  }

  /** Asks the provider where the payment stands; a payment it has settled is settled here too. */
  @Post('payments/:id/refresh')
  @HttpCode(200)
  refresh(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.payments.refresh(scopeFromRequest(ctx), id);
  }

  /** Gives up on a pending payment (after asking the provider), so the sale can be paid another way or voided. */
  @Post('payments/:id/cancel')
  @HttpCode(200)
  cancel(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.payments.cancel(scopeFromRequest(ctx), id);
  }

  @Get('reports/reconciliation')
  reconcile(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.reconciliation.report(scopeFromRequest(ctx), query);
  }
}
