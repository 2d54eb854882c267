/**
 * The one rule every activity input follows: it names the tenant whose schema the activity works in. The platform's
 * activity wrapper resolves that tenant from the registry and hands the implementation a system TenantScope; a
 * workflow never passes (and an activity never trusts) a schema name.
 */
export interface TenantActivityInput {
  tenantId: string;
}
