/** Quotes a PostgreSQL identifier. Schema names come from our own generator, but we never trust that. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SCHEMA_NAME = /^t_[a-z0-9]{8,32}$/;

export function assertTenantSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Refusing to use "${schema}" as a tenant schema name`);
  return schema;
}
