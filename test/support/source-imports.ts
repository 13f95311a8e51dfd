/**
 * Reading a TypeScript source's imports as text, for the architecture tests (import
 * boundaries, import cycles): they look at the files as they are, so their rules stay true.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Every module specifier a TypeScript file imports or re-exports (static, type-only, side-effect and dynamic). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  for (const m of code.matchAll(/(?:^|[\s;}])(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/g)) found.push(m[1]!);
  for (const m of code.matchAll(/(?:^|[\s;])import\s*["']([^"']+)["']/g)) found.push(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]!);
  return found;
}

/** The .ts/.tsx/.js/.mjs files under dir (not .d.ts), recursively. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}
