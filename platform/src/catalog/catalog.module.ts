import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service.js';
import { ProductsController } from './products.controller.js';

@Module({ controllers: [ProductsController], providers: [CatalogService], exports: [CatalogService] })
export class CatalogModule {}
