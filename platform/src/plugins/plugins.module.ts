import { Module } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { PluginHostService } from './plugin-host.service.js';
import { discoverPlugins, PLUGIN_REGISTRY } from './plugin-registry.js';
import { PluginSettingsStore } from './plugin-settings.store.js';
import { PluginsController } from './plugins.controller.js';

@Module({
  controllers: [PluginsController],
  providers: [
    {
      provide: PLUGIN_REGISTRY,
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig) => discoverPlugins(config.env.DAWA_PLUGIN_PATHS),
    },
    PluginSettingsStore,
    PluginHostService,
  ],
  exports: [PluginHostService],
})
export class PluginsModule {}
