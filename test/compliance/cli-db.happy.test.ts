/** `report --db`: the same figures from the app's database as from the events file. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEvent } from "../../src/core/events.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { events as eventsTable } from "../../src/store/schema/core.js";
import { eventRow } from "../../src/store/event-row.js";
import { cli } from "./cli-helper.js";

const dir = mkdtempSync(join(tmpdir(), "report-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function databaseFrom(fixture: string): Promise<string> {
  const path = join(dir, `${fixture}.db`);
  const database = openNodeDatabase(path);
  const rows = readFileSync(`test/fixtures/compliance/${fixture}`, "utf8")
    .split("\n")
    .map((l) => {
      try {
        return parseEvent(JSON.parse(l));
      } catch {
        return undefined;
      }
    })
    .flatMap((p) => (p?.ok ? [p.event] : []));
  await database.db.insert(eventsTable).values(rows.map((e) => eventRow(e, 0)));
  database.close();
  return path;
}

describe("report --db", () => {
  it("prints the same results as the file it was loaded from", async () => {
    const path = await databaseFrom("mixed.jsonl");
    const fromFile = JSON.parse(cli("test/fixtures/compliance/mixed.jsonl", "--json").stdout);
    const r = cli("--db", path, "--json");
    expect(r.code).toBe(0);
    const fromDb = JSON.parse(r.stdout);
    expect(fromDb.results).toEqual(fromFile.results);
    expect(fromDb.skipped).toEqual([]);
    // a second run reads the aggregates already folded: same answer
    expect(JSON.parse(cli(`--db=${path}`, "--json").stdout).results).toEqual(fromFile.results);
  }, 120_000); // three CLI runs: a loaded machine takes longer than the default 20 s

  it("--explain lists the same late and excluded items", async () => {
    const path = await databaseFrom("seed-taobao.jsonl");
    const fromFile = JSON.parse(cli("test/fixtures/compliance/seed-taobao.jsonl", "--json", "--explain").stdout);
    const fromDb = JSON.parse(cli("--db", path, "--json", "--explain").stdout);
    expect(fromDb.explain).toEqual(fromFile.explain);
    expect(fromDb.explain.length).toBeGreaterThan(0);
  });

  it("a missing database is a clear error (exit 1), and a file with --db a usage error", () => {
    const r = cli("--db", join(dir, "nope.db"), "--json");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no such file");
    expect(cli("--db", "x.db", "test/fixtures/compliance/mixed.jsonl").code).toBe(2);
  });
});
