/**
 * `ON CONFLICT … DO UPDATE SET col = excluded.col` for the columns given: an upsert that
 * replaces a row's fields with the ones just offered. Written from the table's own column
 * names, so the TypeScript key and the SQL name cannot drift apart (they were spelt twice,
 * once per statement).
 */
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

export function takeOffered<T extends SQLiteTable, K extends keyof T["$inferInsert"] & string>(table: T, keys: readonly K[]): Record<K, SQL> {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return Object.fromEntries(keys.map((k) => [k, sql`excluded.${sql.identifier(columns[k]!.name)}`])) as Record<K, SQL>;
}
