// `npm run db:generate -- <name>`: a new incremental migration in db/ for the schema changes
// since the last one (drizzle-kit generate). It never deletes or rewrites a migration: a
// released database (Node file, Durable Object storage, D1) has applied the earlier ones and
// only runs the new file. 0000_init is the baseline of the first release.
import { execFileSync } from "node:child_process";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:generate -- <short_name>   (lower case, digits, _; e.g. add_chat_priority)");
  process.exit(2);
}
execFileSync("npx", ["drizzle-kit", "generate", "--name", name], { stdio: "inherit" });
