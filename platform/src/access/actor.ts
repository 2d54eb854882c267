import type { RoleName } from './roles.js';

/** Who is acting in a tenant request, as the access rules see them. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: RoleName[];
  storeIds: string[];
}
