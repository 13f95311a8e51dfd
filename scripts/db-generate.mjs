// Regenerates db/ from every schema file. Before the first release there is one migration:
// the folder is rebuilt so that engineers adding tables in parallel never collide on numbers.
// After a release, switch this to plain `drizzle-kit generate` (incremental migrations).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync("db", { recursive: true, force: true });
execFileSync("npx", ["drizzle-kit", "generate", "--name", "init"], { stdio: "inherit" });
