import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../../common/list-query.js';
import { Ctx, type RequestContext } from '../../common/request-context.js';
import { scopeFromRequest, type TenantScope } from '../../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../../common/validation.js';
import { idempotencyKey } from '../../sales/sales.schemas.js';
import { GoodsReceiptsService } from '../goods-receipts/goods-receipts.service.js';
import {
  approvalInput,
  goodsReceiptInput,
  purchaseOrderInput,
  purchaseOrderUpdate,
  supplierInvoiceInput,
  type ApprovalInput,
  type GoodsReceiptInput,
  type PurchaseOrderInput,
  type PurchaseOrderUpdate,
  type SupplierInvoiceInput,
} from '../purchasing.schemas.js';
import { SupplierInvoicesService } from '../supplier-invoices/supplier-invoices.service.js';
import { PurchaseOrderWorkflow } from './purchase-order-workflow.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';

const id = () => zodPipe(uuid());

@ApiTags('purchasing')
@Controller('api/v1/purchase-orders')
export class PurchaseOrdersController {
  constructor(
    private readonly orders: PurchaseOrdersService,
    private readonly receipts: GoodsReceiptsService,
    private readonly invoices: SupplierInvoicesService,
    private readonly workflow: PurchaseOrderWorkflow,
  ) {}

  /** Runs a change to an order, then tells the order's workflow (starting it on submit) to look at it again. */
  private async changing<T>(ctx: RequestContext, orderId: string, change: (scope: TenantScope) => Promise<T>): Promise<T> {
    const scope = scopeFromRequest(ctx);
    const result = await change(scope);
    await this.workflow.changed(scope, orderId);
    return result;
  }

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.orders.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'purchase-orders', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Post()
  @ApiBody({ schema: openApiSchema(purchaseOrderInput) })
  create(@Ctx() ctx: RequestContext, @Body(zodPipe(purchaseOrderInput)) body: PurchaseOrderInput) {
    return this.orders.create(scopeFromRequest(ctx), body);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.orders.get(scopeFromRequest(ctx), orderId);
  }

  @Put(':id')
  @ApiBody({ schema: openApiSchema(purchaseOrderUpdate) })
  update(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string, @Body(zodPipe(purchaseOrderUpdate)) body: PurchaseOrderUpdate) {
    return this.orders.update(scopeFromRequest(ctx), orderId, body);
  }

  @Post(':id/submit')
  submit(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.changing(ctx, orderId, (scope) => this.orders.submit(scope, orderId));
  }

  @Post(':id/approve')
  @ApiBody({ schema: openApiSchema(approvalInput) })
  approve(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string, @Body(zodPipe(approvalInput)) body: ApprovalInput) {
    return this.changing(ctx, orderId, (scope) => this.orders.approve(scope, orderId, body.note));
  }

  @Post(':id/send')
  send(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.changing(ctx, orderId, (scope) => this.orders.send(scope, orderId));
  }

  @Post(':id/cancel-unreceived')
  cancelUnreceived(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.changing(ctx, orderId, (scope) => this.orders.cancelUnreceived(scope, orderId));
  }

  @Post(':id/close')
  close(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.changing(ctx, orderId, (scope) => this.orders.close(scope, orderId));
  }

  /** 201 with the goods receipt; a replayed Idempotency-Key answers 200 with the receipt already recorded. */
  @Post(':id/receipts')
  @ApiBody({ schema: openApiSchema(goodsReceiptInput) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the same receipt' })
  async receive(
    @Ctx() ctx: RequestContext,
    @Param('id', id()) orderId: string,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Body(zodPipe(goodsReceiptInput)) body: GoodsReceiptInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = zodPipe(idempotencyKey).transform(rawKey);
    const outcome = await this.changing(ctx, orderId, (scope) => this.receipts.receive(scope, orderId, body, key));
    reply.status(outcome.replayed ? 200 : 201);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.receipt;
  }

  @Get(':id/receipts')
  listReceipts(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.receipts.listForOrder(scopeFromRequest(ctx), orderId);
  }

  /** 201 with the invoice and its match (and the order, closed when it matched); the same invoice again answers 200. */
  @Post(':id/invoice')
  @ApiBody({ schema: openApiSchema(supplierInvoiceInput) })
  async invoice(
    @Ctx() ctx: RequestContext,
    @Param('id', id()) orderId: string,
    @Body(zodPipe(supplierInvoiceInput)) body: SupplierInvoiceInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.changing(ctx, orderId, (scope) => this.invoices.record(scope, orderId, body));
    reply.status(outcome.replayed ? 200 : 201);
    return { ...outcome.invoice, order: outcome.order };
  }

  @Get(':id/invoice')
  getInvoice(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    return this.invoices.get(scopeFromRequest(ctx), orderId);
  }

  @Post(':id/invoice/approve')
  @ApiBody({ schema: openApiSchema(approvalInput) })
  async approveInvoice(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string, @Body(zodPipe(approvalInput)) body: ApprovalInput) {
    const outcome = await this.changing(ctx, orderId, (scope) => this.invoices.approve(scope, orderId, body.note));
    return { ...outcome.invoice, order: outcome.order };
  }

  /** Where the order's workflow is: awaiting approval, goods or the invoice, or done. */
  @Get(':id/progress')
  async progress(@Ctx() ctx: RequestContext, @Param('id', id()) orderId: string) {
    const scope = scopeFromRequest(ctx);
    await this.orders.get(scope, orderId);
    return this.workflow.progress(scope, orderId);
  }
}
