/**
 * The migrations of db/ as plain data, for runtimes without a file system (a Durable Object's
 * SQLite storage). The shape is drizzle-kit's journal plus each file's text, keyed `m0000`,
 * `m0001` … as drizzle-orm/durable-sqlite/migrator reads it. scripts/bundle-migrations.ts
 * writes it from db/ at build time; nothing here reads files.
 */
export interface MigrationJournalEntry {
  idx: number;
  when: number;
  tag: string;
  breakpoints: boolean;
}

export interface MigrationBundle {
  journal: { entries: MigrationJournalEntry[] };
  migrations: Record<string, string>;
}

export const migrationKey = (idx: number) => `m${idx.toString().padStart(4, "0")}`;

/**
 * Durable Object SQLite refuses `PRAGMA foreign_keys` (enforcement is always on; only
 * `defer_foreign_keys` is allowed). drizzle-kit wraps every table rebuild in
 * `PRAGMA foreign_keys=OFF … ON`: deferring the checks to the commit is the equivalent inside
 * the migration's transaction (better-sqlite3 ignores the pragma there too).
 */
export function forDurableObject(bundle: MigrationBundle): MigrationBundle {
  const migrations: Record<string, string> = {};
  for (const [k, text] of Object.entries(bundle.migrations)) {
    migrations[k] = text.replace(/PRAGMA\s+foreign_keys\s*=\s*OFF\s*;/gi, "PRAGMA defer_foreign_keys = on;").replace(/PRAGMA\s+foreign_keys\s*=\s*ON\s*;/gi, "SELECT 1;");
  }
  return { journal: bundle.journal, migrations };
}

/** A bundle with one more migration after the last (tests: a later release's schema change). */
export function withMigration(bundle: MigrationBundle, tag: string, sqlText: string): MigrationBundle {
  const entries = bundle.journal.entries;
  const idx = entries.length;
  const when = Math.max(0, ...entries.map((e) => e.when)) + 1;
  return {
    journal: { entries: [...entries, { idx, when, tag: `${migrationKey(idx).slice(1)}_${tag}`, breakpoints: true }] },
    migrations: { ...bundle.migrations, [migrationKey(idx)]: sqlText },
  };
}
