/**
 * A schema migration. `up` returns SQL statements for one target schema: every table name must be qualified with
 * the schema it is given, so the same migration upgrades the public schema or any tenant schema and never depends on
 * a connection's search_path.
 */
export interface Migration {
  name: string;
  up(schema: string): string[];
}
