/**
 * The database handle every service receives. Written against Drizzle's SQLite dialect with
 * the async API only (`await db.select()…`), so the same queries run on better-sqlite3 (Node,
 * where the builders are thenable) and on D1 (Workers). No interactive transactions: D1 has
 * none, so writes are ordered to be idempotent and unique indexes guard de-duplication.
 */
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = BaseSQLiteDatabase<"sync" | "async", any, typeof schema>;
