/**
 * Starts a worker thread on a module of this codebase. A worker does not inherit the parent's
 * loader hooks, so a .ts module (the service runs under tsx, tests under vitest) is loaded by
 * a one-line bootstrap through tsx's API; a compiled .js module is started directly.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** The sibling module `name` of `from` (an import.meta.url), .ts or .js as `from` is. */
export function siblingModule(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith(".ts") ? ".ts" : ".js"}`, from);
}

/** tsx's ESM API entry (require.resolve would give its CommonJS build). */
function tsxEsmApi(): string {
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
}

export function startModuleWorker(module: URL, workerData: unknown): Worker {
  if (!module.pathname.endsWith(".ts")) return new Worker(module, { workerData });
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(module.href)}, ${JSON.stringify(module.href)}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}
