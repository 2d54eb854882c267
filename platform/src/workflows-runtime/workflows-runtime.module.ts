import { Global, Module } from '@nestjs/common';
import { TenantWorkflows } from './tenant-workflows.service.js';

/** TenantWorkflows for every module; the TemporalRuntime it uses comes from CoreModule (one per process). */
@Global()
@Module({ providers: [TenantWorkflows], exports: [TenantWorkflows] })
export class WorkflowsRuntimeModule {}
