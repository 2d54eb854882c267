import { Module } from '@nestjs/common';
import { PluginsModule } from '../plugins/plugins.module.js';
import { ReturnsController } from './returns.controller.js';
import { ReturnsService } from './returns.service.js';

@Module({ imports: [PluginsModule], controllers: [ReturnsController], providers: [ReturnsService] })
export class ReturnsModule {}
