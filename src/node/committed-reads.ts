/**
 * Reads that feed a user see only committed data. All of the Node runtime's writes share one
 * connection and, while a group commit's batch is open, one transaction (group-commit.ts). Other
 * code runs between a unit's awaits: the callers of the batch before (answered in the same run of
 * microtasks that opens the next batch), the live feeds their notifications woke, and, while a
 * unit waits on I/O, any request. Their reads on that connection saw the open batch's writes, a
 * unit that then failed included (its savepoint rolled back): an agent's console was shown chats
 * and messages that never existed, and its live feed, having read the rolled-back event's seq,
 * skipped the next message, which took the seq again (test/spine/read-committed.security.test.ts).
 *
 * So the client drizzle gets is this one: writes and reads inside a unit (which must see the
 * unit's own writes) run on the writer, as before; a read-only statement run outside every unit
 * while a batch is open runs on a second, read-only connection to the same WAL file, which
 * sees the last COMMIT and nothing after it. With no batch open the writer itself holds only
 * committed data, and stays the one read (its page cache is the warm one). Each statement is
 * prepared on the reader the first time it is needed there; the prepared statements of
 * store/statements.ts are routed the same way.
 *
 * An in-memory database (tests, the CLI's scratch runs) has no file a second connection could
 * open: there every read stays on the writer, as before.
 */
import Database from "better-sqlite3";

type Statement = Database.Statement<unknown[], unknown>;

/**
 * A read-only statement: run on the writer, or on the reader while `elsewhere()` says so. Only
 * what drizzle's better-sqlite3 session calls (run, get, all, iterate, raw).
 */
class RoutedStatement {
  private onReader: Statement | undefined;
  private rawMode = false;
  private readerRaw = false;

  constructor(
    private readonly onWriter: Statement,
    private readonly readerDb: Database.Database,
    private readonly elsewhere: () => boolean,
  ) {}

  private pick(): Statement {
    if (!this.elsewhere()) return this.onWriter;
    const s = (this.onReader ??= this.readerDb.prepare(this.onWriter.source));
    if (this.readerRaw !== this.rawMode) s.raw((this.readerRaw = this.rawMode));
    return s;
  }

  raw(toggle = true): this {
    this.rawMode = toggle;
    this.onWriter.raw(toggle);
    return this;
  }

  run(...params: unknown[]): Database.RunResult {
    return this.pick().run(...params);
  }
  get(...params: unknown[]): unknown {
    return this.pick().get(...params);
  }
  all(...params: unknown[]): unknown[] {
    return this.pick().all(...params);
  }
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.pick().iterate(...params);
  }
}

/**
 * The connection drizzle is given: `prepare` routes read-only statements (see above), the
 * rest is the writer's. `elsewhere()`: a batch is open and the caller is in none of its units
 * (GroupCommit.readsElsewhere).
 */
export class CommittedReadsClient {
  constructor(
    private readonly writer: Database.Database,
    private readonly reader: Database.Database,
    private readonly elsewhere: () => boolean,
  ) {}

  prepare(source: string): Statement | RoutedStatement {
    const stmt = this.writer.prepare(source);
    return stmt.readonly ? new RoutedStatement(stmt, this.reader, this.elsewhere) : stmt;
  }

  /**
   * drizzle's db.transaction (the migrator): synchronous on the writer, reads included (no
   * batch can be open meanwhile: nothing else runs, and better-sqlite3 refuses a nested BEGIN)
   */
  transaction<F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F> {
    return this.writer.transaction(fn);
  }
}

/** The read-only connection: WAL, so it reads the last committed state without blocking the writer. */
export function openReader(path: string): Database.Database {
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  reader.pragma("busy_timeout = 5000");
  reader.pragma("temp_store = MEMORY");
  return reader;
}
