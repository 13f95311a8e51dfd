/** Test helpers for D1 inside workerd. */
import type { WorkerEnv } from "../../src/worker/env.js";

/** Empties every app table (keeps the schema and the migrations record), so each test starts as on a fresh Node file. */
export async function wipeDatabase(env: WorkerEnv): Promise<void> {
  const { results } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name != 'd1_migrations'",
  ).all<{ name: string }>();
  const stmts = results.map((r) => env.DB.prepare(`delete from "${r.name}"`));
  const hasSeq = await env.DB.prepare("select 1 from sqlite_master where name = 'sqlite_sequence'").first();
  if (hasSeq) stmts.push(env.DB.prepare("delete from sqlite_sequence"));
  if (stmts.length) await env.DB.batch(stmts);
}
