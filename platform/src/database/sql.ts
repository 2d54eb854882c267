/** Quotes a PostgreSQL identifier. Schema names come from our own generator, but we never trust that. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SCHEMA_NAME = /^t_[a-z0-9]{8,32}$/;

export function assertTenantSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Refusing to use "${schema}" as a tenant schema name`);
  return schema;
}

/** Child rows by their parent's id, so loading a page of parents stays linear in the rows read. */
export function groupRows<T extends Record<string, unknown>>(rows: readonly T[], parentKey: keyof T): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>();
  for (const row of rows) {
    const group = groups.get(row[parentKey]);
    if (group) group.push(row);
    else groups.set(row[parentKey], [row]);
  }
  return groups;
}
