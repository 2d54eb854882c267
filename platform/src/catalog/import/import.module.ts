import { Module } from '@nestjs/common';
import { ImportBatchWriter } from './import-batch.js';
import { CatalogueLoader } from './catalogue-loader.js';
import { ImportBodyParser } from './import-body-parser.js';
import { ImportFiles } from './import-files.js';
import { ImportJobsService } from './import-jobs.service.js';
import { ImportLeases } from './import-leases.js';
import { ImportProgress } from './import-progress.js';
import { ImportRecovery } from './import-recovery.js';
import { ImportRunner } from './import-runner.js';
import { ImportsController } from './imports.controller.js';

/** Catalogue import: upload → job → background batches through `writeProduct`. */
@Module({
  controllers: [ImportsController],
  providers: [
    ImportBodyParser,
    ImportFiles,
    ImportLeases,
    ImportProgress,
    ImportBatchWriter,
    ImportRunner,
    ImportRecovery,
    ImportJobsService,
    CatalogueLoader,
  ],
  exports: [CatalogueLoader],
})
export class CatalogImportModule {}
