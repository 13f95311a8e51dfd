/** The embedded database of the Node runtime: a better-sqlite3 file, migrated on open. */
import { closeSync, fsync, mkdirSync, open } from "node:fs";
import { promisify } from "node:util";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../store/schema/index.js";
import type { Db } from "../store/db.js";
import type { Transact } from "../store/transact.js";
import { CommittedReadsClient, openReader } from "./committed-reads.js";
import { groupCommit } from "./group-commit.js";

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../db");

export interface NodeDatabase {
  db: Db;
  transact: Transact;
  /** runs a callback after the current unit commits (see group-commit.ts) */
  afterCommit(fn: () => void): void;
  path: string;
  /**
   * Whether this connection checkpoints the WAL itself (SQLite's default, every 1,000 pages).
   * Off while the storage worker checkpoints instead: a checkpoint copies pages into the
   * database file and fsyncs it, milliseconds the request thread should not spend.
   */
  checkpointHere(on: boolean): void;
  close(): void;
}

export type Synchronous = "FULL" | "NORMAL";

/**
 * The WAL file's size after a checkpoint resets it: SQLite otherwise keeps a WAL file at the
 * largest it ever grew. With the storage worker's checkpoints (storage-worker/thread.ts) the
 * WAL holds well under this.
 */
export const JOURNAL_SIZE_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * A connection with the settings every connection to the file uses (request thread and storage
 * worker). SQLite's own `synchronous` stays NORMAL (the WAL fsynced at checkpoints, and its
 * header when it is reused): SQLite's FULL would fsync inside COMMIT, on the request thread,
 * 7–11 ms on this machine's disk during which no request is read. Durability per commit is
 * the group commit's instead (openNodeDatabase, `durable`).
 */
export function openConnection(path: string): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL: readers never block the writer.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  sqlite.pragma("busy_timeout = 5000");
  // Each request's writes run in a savepoint of the shared group commit; the pages a savepoint
  // first touches are copied to its statement journal, which SQLite keeps in memory only up to
  // 64 KiB and then spills to a temporary file. A buyer message touches ~20 pages (events, its
  // indexes and the search index, decision, chat, outbox): with temp files in memory its writes
  // cost ~20 % less CPU (insertEvent 74 → 57 µs, the chat's insert 126 → 95 µs per call, in-process
  // driver, docs/configuration.md "Performance"). Temporary sort tables live in memory too.
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

/**
 * fsync of the WAL file in libuv's thread pool (fsync on any descriptor of a file flushes the
 * file). FULL (default): run after every group commit before anyone is answered, so an
 * acknowledged message survives a power loss or OS crash, not only a process crash; one
 * fsync per batch of concurrent requests. NORMAL: not run; a power loss may lose the commits
 * since the last checkpoint (docs/configuration.md).
 */
function walSyncer(path: string): { sync: () => Promise<void>; close: () => void } {
  let fd: number | undefined;
  return {
    async sync() {
      if (fd === undefined) {
        try {
          fd = (await promisify(open)(`${path}-wal`, "r")) as number;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // nothing written yet
          throw err;
        }
      }
      await promisify(fsync)(fd);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

export function openNodeDatabase(path: string, options: { synchronous?: Synchronous } = {}): NodeDatabase {
  const sqlite = openConnection(path);
  const wal = path !== ":memory:" && (options.synchronous ?? "FULL") === "FULL" ? walSyncer(path) : undefined;
  const units = groupCommit(sqlite, { durable: wal?.sync });
  // reads outside the units of an open batch see committed data only (committed-reads.ts);
  // a second connection to :memory: would be another database: there reads stay on the writer
  const reader = path === ":memory:" ? undefined : openReader(path);
  const client = reader ? (new CommittedReadsClient(sqlite, reader, units.readsElsewhere) as unknown as Database.Database) : sqlite;
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return {
    db: db as unknown as Db,
    transact: units.transact,
    afterCommit: units.afterCommit,
    path,
    checkpointHere: (on) => void sqlite.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`),
    close: () => {
      reader?.close();
      sqlite.close();
      wal?.close();
    },
  };
}
