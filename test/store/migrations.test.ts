/**
 * Migrations on Node (better-sqlite3, drizzle's migrator, the same files the Durable Objects
 * apply): a released migration is never changed, and a database created by the previous
 * release, with data in it, upgrades to today's db/ plus a later drizzle-kit migration.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrationBundle } from "../../scripts/bundle-migrations.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { migrationKey, withMigration, type MigrationBundle } from "../../src/store/migrations.js";
import { expectUpgraded, RELEASE_ROWS, type RawSql } from "../contract/migration-upgrade.js";

const RELEASE = "test/fixtures/migrations/release-0.1";
const UPGRADE_SQL = readFileSync("test/fixtures/migrations/upgrade/0001_fixture_upgrade.sql", "utf8");
const dir = mkdtempSync(join(tmpdir(), "fr-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle as a drizzle-kit folder, for the better-sqlite3 migrator. */
function writeFolder(bundle: MigrationBundle, to: string): string {
  mkdirSync(join(to, "meta"), { recursive: true });
  writeFileSync(join(to, "meta/_journal.json"), JSON.stringify({ version: "7", dialect: "sqlite", entries: bundle.journal.entries.map((e) => ({ ...e, version: "6" })) }));
  for (const e of bundle.journal.entries) writeFileSync(join(to, `${e.tag}.sql`), bundle.migrations[migrationKey(e.idx)]!);
  return to;
}

function releaseDatabase(path: string): Database.Database {
  const sqlite = new Database(path);
  migrate(drizzle(sqlite), { migrationsFolder: RELEASE });
  for (const s of RELEASE_ROWS) sqlite.exec(s);
  return sqlite;
}

const raw = (sqlite: Database.Database): RawSql => ({ run: (s) => void sqlite.exec(s), all: (s) => sqlite.prepare(s).all() as Record<string, unknown>[] });

describe("migrations (better-sqlite3)", () => {
  it("never changes or deletes a released migration: the release's files open db/, byte for byte", () => {
    const released = readMigrationBundle(RELEASE);
    const now = readMigrationBundle("db");
    expect(now.journal.entries.slice(0, released.journal.entries.length)).toEqual(released.journal.entries);
    for (const [k, text] of Object.entries(released.migrations)) expect(now.migrations[k], k).toBe(text);
    expect(readdirSync("db").filter((f) => f.endsWith(".sql"))).toEqual(now.journal.entries.map((e) => `${e.tag}.sql`));
  });

  it("upgrades a database created by the previous release, with data in it, by a later migration (add column, table rebuild)", () => {
    const path = join(dir, "upgrade.db");
    const sqlite = releaseDatabase(path);
    const later = writeFolder(withMigration(readMigrationBundle("db"), "fixture_upgrade", UPGRADE_SQL), join(dir, "later"));
    migrate(drizzle(sqlite), { migrationsFolder: later });
    expectUpgraded(raw(sqlite));
    // applied once: a second start runs nothing
    const applied = sqlite.prepare("select count(*) as n from __drizzle_migrations").get();
    migrate(drizzle(sqlite), { migrationsFolder: later });
    expect(sqlite.prepare("select count(*) as n from __drizzle_migrations").get()).toEqual(applied);
    sqlite.close();
  });

  it("the Node runtime opens a previous release's database (today's db/) and keeps its rows", () => {
    const path = join(dir, "open.db");
    releaseDatabase(path).close();
    const opened = openNodeDatabase(path);
    opened.close();
    const sqlite = new Database(path);
    expect(sqlite.prepare("select conversation from chats order by id").all()).toEqual([{ conversation: "c1" }, { conversation: "c2" }]);
    sqlite.close();
  });
});
