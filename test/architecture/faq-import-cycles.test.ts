/**
 * No import cycle inside the FAQ engine (src/core/faq): each module sits on the ones it
 * imports (docs/faq.md, "Glossary"), so a concept can be read, tested and replaced from the
 * bottom up. Type-only imports count: a type two modules both need lives in a third
 * (model.ts holds FaqModel, which residual.ts and the matcher both use; train-math.ts the
 * trainers' shared arithmetic), the way ranker.ts ↔ rerank.ts once imported each other.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, sourceFiles } from "../support/source-imports.js";

const FAQ = resolve(import.meta.dirname, "../../src/core/faq");

/** Module → the modules of the same folder it imports (relative specifiers, `.js` meaning the `.ts` source). */
function graphOf(files: readonly { path: string; source: string }[]): Map<string, string[]> {
  const names = new Set(files.map((f) => basename(f.path)));
  const graph = new Map<string, string[]>();
  for (const { path, source } of files) {
    const deps = importsOf(source)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => resolve(dirname(path), spec).replace(/\.js$/, ".ts"))
      .filter((to) => dirname(to) === dirname(path) && names.has(basename(to)))
      .map((to) => basename(to));
    graph.set(basename(path), [...new Set(deps)].sort());
  }
  return graph;
}

/** Each cycle once, as "a.ts → b.ts → a.ts", found by a depth-first search from every module in name order. */
function cyclesOf(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (m: string) => {
    state.set(m, "open");
    path.push(m);
    for (const d of graph.get(m) ?? []) {
      if (state.get(d) === "open") {
        const loop = path.slice(path.indexOf(d));
        // the same cycle met from another module: start it at its smallest name
        const at = loop.indexOf([...loop].sort()[0]!);
        const canonical = [...loop.slice(at), ...loop.slice(0, at)];
        found.add([...canonical, canonical[0]].join(" → "));
      } else if (!state.has(d)) visit(d);
    }
    path.pop();
    state.set(m, "done");
  };
  for (const m of [...graph.keys()].sort()) if (!state.has(m)) visit(m);
  return [...found].sort();
}

describe("FAQ engine imports", () => {
  it("would catch a cycle, type-only imports included, and not a chain", () => {
    const at = (name: string, source: string) => ({ path: join(FAQ, name), source });
    const graph = graphOf([
      at("ranker.ts", 'import { expShifted } from "./rerank.js";\nimport { tokenize } from "./tokenize.js";'),
      at("rerank.ts", 'import type { RankerModel } from "./ranker.js";'),
      at("tokenize.ts", 'import { x } from "../other/x.js";'),
      at("a.ts", 'export { b } from "./b.js";'),
      at("b.ts", 'const c = await import("./c.js");'),
      at("c.ts", 'import "./a.js";'),
      at("chain.ts", 'import { tokenize } from "./tokenize.js";\nimport type { A } from "./a.js";'),
    ]);
    expect(cyclesOf(graph)).toEqual(["a.ts → b.ts → c.ts → a.ts", "ranker.ts → rerank.ts → ranker.ts"]);
  });

  it("has no cycle in src/core/faq", () => {
    const files = sourceFiles(FAQ).map((path) => ({ path, source: readFileSync(path, "utf8") }));
    const graph = graphOf(files);
    // the test reads real modules that import each other: the matcher sits on the others
    expect(graph.get("matcher.ts")).toEqual(expect.arrayContaining(["bm25.ts", "features.ts", "model.ts", "residual.ts", "scorer.ts"]));
    expect(cyclesOf(graph)).toEqual([]);
  });
});
