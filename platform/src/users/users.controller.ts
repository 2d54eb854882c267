import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CrudController } from '../common/crud-controller.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { userInput, userUpdate } from './users.schemas.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController extends CrudController({ resource: 'users', input: userInput, update: userUpdate }) {
  constructor(private readonly users: UsersService) {
    super(users);
  }

  /** A static segment: Fastify's router prefers it to `GET /users/:id`. */
  @Get('roles')
  roles(@Ctx() ctx: RequestContext) {
    return this.users.roles(scopeFromRequest(ctx));
  }
}
