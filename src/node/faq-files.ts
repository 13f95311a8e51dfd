/**
 * Reading the faq/ directory: the shared topic files and each shop's override directory.
 * Used by the registry (serving), the CLI (check/test) and the editor (validation before
 * writing), so all three see the same sets.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parseFaqFiles, type FaqFile, type FaqFileError, type ParsedFaqSet } from "../core/faq/parse.js";

export const SHOPS_DIR = "shops";

export interface FaqDirContents {
  shared: ParsedFaqSet;
  /** per shop id, the shop's own files parsed (not yet merged) */
  shops: Map<string, ParsedFaqSet>;
  errors: FaqFileError[];
}

export async function yamlFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && /\.ya?ml$/.test(d.name)).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return names.sort().map((n) => join(dir, n));
}

export async function readFiles(paths: string[], base: string): Promise<FaqFile[]> {
  // Paths in errors are shown relative to the directory's parent ("faq/returns.yaml"), the
  // way an admin knows them.
  return Promise.all(paths.map(async (p) => ({ path: relative(base, p).split(sep).join("/"), text: await readFile(p, "utf8") })));
}

/** Reads and parses a FAQ directory (shared files and every shop's overrides). */
export async function loadFaqDir(dir: string): Promise<FaqDirContents> {
  const base = join(dir, "..");
  const shared = parseFaqFiles(await readFiles(await yamlFiles(dir), base));
  const shops = new Map<string, ParsedFaqSet>();
  const errors = [...shared.errors];
  let shopDirs: string[] = [];
  try {
    shopDirs = (await readdir(join(dir, SHOPS_DIR), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  for (const shop of shopDirs.sort()) {
    const parsed = parseFaqFiles(await readFiles(await yamlFiles(join(dir, SHOPS_DIR, shop)), base));
    shops.set(shop, parsed);
    errors.push(...parsed.errors);
  }
  return { shared, shops, errors };
}

