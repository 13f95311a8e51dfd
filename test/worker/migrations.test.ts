/**
 * Migrations in workerd, on a shop object's SQLite storage (drizzle-orm/durable-sqlite's
 * migrator, the same db/ files as Node): a storage created by the previous release's
 * migrations, holding data, upgrades to today's db/ plus a later drizzle-kit migration (a
 * column added, a table rebuilt, whose PRAGMA foreign_keys the object's SQLite refuses).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrationKey, withMigration, type MigrationBundle } from "../../src/store/migrations.js";
import migrations from "../../src/worker/migrations.generated.js";
import { openShopDb } from "../../src/worker/shop-db.js";
import { expectUpgraded, RELEASE_ROWS, type RawSql } from "../contract/migration-upgrade.js";
import { freshShopStub, inShop, shopRows } from "./shop.js";

const e = env as unknown as { RELEASE_MIGRATIONS: string; UPGRADE_SQL: string };
const release = JSON.parse(e.RELEASE_MIGRATIONS) as MigrationBundle;

describe("migrations (shop Durable Object storage)", () => {
  it("the bundle the objects apply is db/ as released, plus what came after (a released migration never changes)", () => {
    expect(migrations.journal.entries.slice(0, release.journal.entries.length)).toEqual(release.journal.entries);
    for (const { idx } of release.journal.entries) expect(migrations.migrations[migrationKey(idx)]).toBe(release.migrations[migrationKey(idx)]);
  });

  it("upgrades a storage created by the previous release, with data in it, by a later migration (add column, table rebuild)", async () => {
    await inShop(freshShopStub("migrate"), async (_o, state) => {
      const raw: RawSql = { run: (s) => void state.storage.sql.exec(s), all: (s) => state.storage.sql.exec(s).toArray() as Record<string, unknown>[] };
      await openShopDb(state.storage, release);
      for (const s of RELEASE_ROWS) raw.run(s);
      const later = withMigration(migrations, "fixture_upgrade", e.UPGRADE_SQL);
      await openShopDb(state.storage, later);
      expectUpgraded(raw);
      // applied once: the next activation runs nothing
      const applied = raw.all("select count(*) as n from __drizzle_migrations");
      await openShopDb(state.storage, later);
      expect(raw.all("select count(*) as n from __drizzle_migrations")).toEqual(applied);
    });
  });

  it("a shop object whose storage the previous release created opens with today's db/ and keeps its rows", async () => {
    const stub = freshShopStub("migrate-open");
    await inShop(stub, async (_o, state) => {
      await openShopDb(state.storage, release);
      for (const s of RELEASE_ROWS) state.storage.sql.exec(s);
    });
    await inShop(stub, (obj) => obj.open("default"));
    expect(await shopRows(stub, "select conversation from chats order by id")).toEqual([{ conversation: "c1" }, { conversation: "c2" }]);
  });
});
