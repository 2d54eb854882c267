import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CrudController } from '../common/crud-controller.js';
import { userInput, userUpdate } from './users.schemas.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController extends CrudController({ resource: 'users', input: userInput, update: userUpdate }) {
  constructor(users: UsersService) {
    super(users);
  }
}
