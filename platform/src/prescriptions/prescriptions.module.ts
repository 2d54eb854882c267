import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { PrescriptionImagesService } from './prescription-images.service.js';
import { PrescriptionQueueService } from './prescription-queue.service.js';
import { PrescriptionRecords } from './prescription-records.js';
import { PrescriptionReviewWorkflow } from './prescription-review-workflow.js';
import { PrescriptionReviewController } from './prescription-review.controller.js';
import { PrescriptionReviewService } from './prescription-review.service.js';
import { PrescriptionUploadBody } from './prescription-upload-body.js';
import { PrescriptionsController } from './prescriptions.controller.js';
import { PrescriptionsService } from './prescriptions.service.js';

@Module({
  imports: [FilesModule],
  controllers: [PrescriptionsController, PrescriptionReviewController],
  providers: [
    PrescriptionsService,
    PrescriptionReviewService,
    PrescriptionReviewWorkflow,
    PrescriptionQueueService,
    PrescriptionImagesService,
    PrescriptionRecords,
    PrescriptionUploadBody,
  ],
  exports: [PrescriptionsService, PrescriptionReviewService, PrescriptionReviewWorkflow],
})
export class PrescriptionsModule {}
