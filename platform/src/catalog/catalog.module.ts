import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service.js';
import { CatalogImportModule } from './import/import.module.js';
import { ProductsController } from './products.controller.js';

@Module({ imports: [CatalogImportModule], controllers: [ProductsController], providers: [CatalogService], exports: [CatalogService] })
export class CatalogModule {}
