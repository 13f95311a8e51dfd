/**
 * Reading the faq/ directory: the shared topic files and each shop's override directory.
 * Used by the registry (serving), the CLI (check/test) and the editor (validation before
 * writing), so all three see the same sets.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { faqSetsFromFiles, SHOPS_DIR, type FaqDirContents } from "../core/faq/layout.js";
import type { FaqFile } from "../core/faq/parse.js";

export { SHOPS_DIR, type FaqDirContents };

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

/** Every FAQ file of a directory (shared files and each shop's), paths as `<dir name>/…`. */
export async function readFaqDirFiles(dir: string): Promise<FaqFile[]> {
  const paths = await yamlFiles(dir);
  let shopDirs: string[] = [];
  try {
    shopDirs = (await readdir(join(dir, SHOPS_DIR), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  for (const shop of shopDirs.sort()) paths.push(...(await yamlFiles(join(dir, SHOPS_DIR, shop))));
  return readFiles(paths, join(dir, ".."));
}

/** The name the directory's files are filed under (`faq/…`). */
export const faqRoot = (dir: string): string => basename(resolve(dir));

/**
 * Parses the files of a FAQ directory (shared files and every shop's overrides). A file with
 * nothing in it (empty, or only blanks and comments) is an error, not a file without entries:
 * a truncated save or an editor's accident must not silently drop a topic's answers (a topic
 * is removed by deleting its file; `entries: []` still declares an empty file on purpose).
 */
export function parseFaqDirFiles(root: string, files: readonly FaqFile[]): FaqDirContents {
  const contents = faqSetsFromFiles(root, files);
  const emptied = files.filter((f) => f.text.replace(/^\s*#.*$/gm, "").trim() === "");
  if (emptied.length === 0) return contents;
  const errors = emptied.map((f) => ({ file: f.path, line: 1, message: "the file is empty: delete it to remove its entries (an emptied file is taken for a mistake)" }));
  return { ...contents, errors: [...errors, ...contents.errors] };
}

/** Reads and parses a FAQ directory (shared files and every shop's overrides). */
export async function loadFaqDir(dir: string): Promise<FaqDirContents> {
  return parseFaqDirFiles(faqRoot(dir), await readFaqDirFiles(dir));
}
