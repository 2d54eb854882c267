import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, zodPipe } from '../common/validation.js';
import { PluginHostService } from './plugin-host.service.js';
import { pluginSettingInput, type PluginSettingInput } from './plugins.schemas.js';

const pluginName = z.string().regex(/^[a-z][a-z0-9-]{0,49}$/, 'must be a plugin name such as tax-india-gst');

@ApiTags('plugins')
@Controller('api/v1/plugins')
export class PluginsController {
  constructor(private readonly host: PluginHostService) {}

  @Get()
  list(@Ctx() ctx: RequestContext) {
    return this.host.list(scopeFromRequest(ctx));
  }

  @Put(':name')
  @ApiBody({ schema: openApiSchema(pluginSettingInput) })
  configure(
    @Ctx() ctx: RequestContext,
    @Param('name', zodPipe(pluginName)) name: string,
    @Body(zodPipe(pluginSettingInput)) body: PluginSettingInput,
  ) {
    return this.host.configure(scopeFromRequest(ctx), name, body);
  }
}
