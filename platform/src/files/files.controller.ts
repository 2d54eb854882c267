import { Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { attachmentDisposition } from '@dawa/plugin-sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../common/problem.js';
import { RouteKind } from '../common/route-kind.js';
import { TenantRegistry } from '../tenancy/tenant-registry.service.js';
import { assertTenantActive } from '../tenancy/tenant-resolver.js';
import { FILES_ROUTE, FileStorageService } from './file-storage.service.js';
import { SignedFileUrls } from './signed-file-urls.js';
import { declaredContentType } from './signed-upload-body.js';
import { storageProblem } from './storage-problem.js';

/** Types a browser may show in the page rather than save: images and PDF, nothing that can run script. */
const SHOWN_INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf']);

/**
 * The built-in file store's presigned URLs. The signed token is the only credential — whoever holds the link may do
 * what it grants until it expires — so the routes are open: no tenant header, no sign-in.
 */
@ApiTags('files')
@RouteKind('open')
@Controller(FILES_ROUTE)
export class FilesController {
  constructor(
    private readonly files: FileStorageService,
    private readonly urls: SignedFileUrls,
    private readonly tenants: TenantRegistry,
  ) {}

  @Get(':token')
  async download(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const grant = this.urls.verify(token, 'GET', new Date());
    await this.activeTenant(grant.tenantId);
    const object = await this.files.localStorage(grant.tenantId).get(grant.key);
    if (!object) throw Problem.notFound('The file');
    const disposition =
      grant.downloadName !== undefined
        ? attachmentDisposition(grant.downloadName)
        : SHOWN_INLINE.has(object.contentType)
          ? 'inline'
          : 'attachment';
    reply.header('content-type', object.contentType);
    reply.header('content-disposition', disposition);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    return Buffer.from(object.body);
  }

  @Put(':token')
  async upload(@Param('token') token: string, @Req() request: FastifyRequest) {
    const grant = this.urls.verify(token, 'PUT', new Date());
    const sent = declaredContentType(request);
    if (sent?.trim() !== grant.contentType) {
      throw Problem.forbidden(
        `This upload link takes ${grant.contentType} files; the file was sent as ${sent || 'no type'}.`,
        'file-link-content-type',
      );
    }
    await this.activeTenant(grant.tenantId);
    const body = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
    try {
      return await this.files.localStorage(grant.tenantId).put(grant.key, body, { contentType: grant.contentType! });
    } catch (error) {
      throw storageProblem(error);
    }
  }

  /** A suspended chain's links stop working with it. */
  private async activeTenant(tenantId: string): Promise<void> {
    const tenant = await this.tenants.byId(tenantId);
    if (!tenant) throw Problem.notFound('The file');
    assertTenantActive(tenant);
  }
}
