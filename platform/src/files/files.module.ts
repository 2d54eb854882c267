import { Module } from '@nestjs/common';
import { PluginsModule } from '../plugins/plugins.module.js';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { FileStorageService } from './file-storage.service.js';
import { FilesController } from './files.controller.js';
import { SignedFileUrls } from './signed-file-urls.js';
import { SignedUploadBody } from './signed-upload-body.js';

@Module({
  imports: [PluginsModule, TenancyModule],
  controllers: [FilesController],
  providers: [FileStorageService, SignedFileUrls, SignedUploadBody],
  exports: [FileStorageService],
})
export class FilesModule {}
