import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CrudController } from '../common/crud-controller.js';
import { storeInput, storeUpdate } from './stores.schemas.js';
import { StoresService } from './stores.service.js';

@ApiTags('stores')
@Controller('api/v1/stores')
export class StoresController extends CrudController({ resource: 'stores', input: storeInput, update: storeUpdate }) {
  constructor(stores: StoresService) {
    super(stores);
  }
}
