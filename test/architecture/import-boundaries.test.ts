/**
 * The layers' import rules, read from the source so they stay true (docs/architecture.md):
 *  - src/services knows nothing of HTTP: no import from src/http (a refusal is a ServiceError,
 *    mapped to a status in src/http/errors.ts);
 *  - route files do no data access: no drizzle-orm and no src/store import in src/http/routes
 *    (the queries live in src/services, `verbEntity({ ctx, input })`);
 *  - the Worker runtime does not borrow from the Node runtime: no import from src/node in
 *    src/worker (what both need lives in src/services, e.g. runtime-context.ts).
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, sourceFiles } from "../support/source-imports.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

/** `src/...` path a relative specifier points to; a package name as it is. */
function target(file: string, spec: string): string {
  return spec.startsWith(".") ? relative(ROOT, resolve(dirname(file), spec)) : spec;
}

interface Rule {
  from: string;
  forbidden: (target: string) => boolean;
  why: string;
}

const RULES: Rule[] = [
  { from: "src/services/", forbidden: (t) => t.startsWith("src/http/"), why: "services know nothing of HTTP" },
  { from: "src/http/routes/", forbidden: (t) => t === "drizzle-orm" || t.startsWith("drizzle-orm/") || t.startsWith("src/store/"), why: "routes call services, which own data access" },
  { from: "src/worker/", forbidden: (t) => t.startsWith("src/node/"), why: "the Worker runtime does not import the Node runtime" },
];

function violations(files: { path: string; source: string }[]): string[] {
  const out: string[] = [];
  for (const { path, source } of files) {
    const rel = relative(ROOT, path);
    for (const rule of RULES) {
      if (!rel.startsWith(rule.from)) continue;
      for (const spec of importsOf(source)) if (rule.forbidden(target(path, spec))) out.push(`${rel} imports ${spec}: ${rule.why}`);
    }
  }
  return out;
}

describe("import boundaries", () => {
  it("reads every kind of import, and nothing in comments", () => {
    const source = `
      import type { A } from "../http/a.js";
      import {
        b,
        c,
      } from "drizzle-orm";
      export { d } from "./d.js";
      export * from "./e.js";
      import "./side-effect.js";
      const f = await import("../node/f.js");
      // import { g } from "../http/g.js";
      /* import { h } from "../http/h.js"; */
    `;
    expect(importsOf(source)).toEqual(["../http/a.js", "drizzle-orm", "./d.js", "./e.js", "./side-effect.js", "../node/f.js"]);
  });

  it("would catch each kind of leak", () => {
    const leaks = violations([
      { path: join(SRC, "services/x.ts"), source: 'import { ApiError } from "../http/errors.js";' },
      { path: join(SRC, "http/routes/admin/x.ts"), source: 'import { eq } from "drizzle-orm";\nimport { outbox } from "../../../store/schema/index.js";' },
      { path: join(SRC, "worker/x.ts"), source: 'import { y } from "../node/context.js";' },
      { path: join(SRC, "http/app.ts"), source: 'import { eq } from "drizzle-orm";' },
    ]);
    expect(leaks).toEqual([
      "src/services/x.ts imports ../http/errors.js: services know nothing of HTTP",
      "src/http/routes/admin/x.ts imports drizzle-orm: routes call services, which own data access",
      "src/http/routes/admin/x.ts imports ../../../store/schema/index.js: routes call services, which own data access",
      "src/worker/x.ts imports ../node/context.js: the Worker runtime does not import the Node runtime",
    ]);
  });

  it("hold in src/", () => {
    const files = sourceFiles(SRC).map((path) => ({ path, source: readFileSync(path, "utf8") }));
    // the rules look at real files: each guarded folder exists and imports something
    for (const rule of RULES) expect(files.filter((f) => relative(ROOT, f.path).startsWith(rule.from) && importsOf(f.source).length > 0).length).toBeGreaterThan(3);
    expect(violations(files)).toEqual([]);
  });
});
