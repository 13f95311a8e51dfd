/**
 * Which Chromium the browser tests drive, so that `npm install && npm test` passes on a bare machine.
 *
 * - `CHROMIUM_PATH` set: that binary (a system Chromium, e.g. Debian's /usr/bin/chromium) with the
 *   system's fonts. An explicit setting is obeyed, never second-guessed.
 * - otherwise: the Chromium of the npm package `@sparticuz/chromium` (a headless build whose binary,
 *   NSS libraries and base fonts ship brotli-compressed inside the package: no download at install
 *   or run time), unpacked once into node_modules/.cache, with a fontconfig file of its own that
 *   adds the Noto Sans SC (Noto Sans Hans) fonts of the npm package `@embedpdf/fonts-sc`, so pages
 *   and screenshots show Chinese instead of boxes on a machine with no CJK font installed.
 *
 * The unpacking runs once per machine and package version (vitest's globalSetup calls it before
 * the test files start; a second process racing it unpacks into its own folder and the first
 * rename wins), then costs one existsSync.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { brotliDecompressSync, createBrotliDecompress } from "node:zlib";

export interface ChromiumBinary {
  executablePath: string;
  /** environment added to the browser process's (the npm build: its libraries and fonts) */
  env: Record<string, string>;
  source: "CHROMIUM_PATH" | "npm";
}

const require = createRequire(import.meta.url);

/** A package's folder (from its entry point: these packages export no ./package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json")) || (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name !== name) {
    if (dirname(dir) === dir) throw new Error(`package ${name} not found: run npm install`);
    dir = dirname(dir);
  }
  return dir;
}

/** The folder the npm Chromium is unpacked into (one per package version). */
export function npmChromiumDir(): string {
  const pkg = JSON.parse(readFileSync(join(packageDir("@sparticuz/chromium"), "package.json"), "utf8")) as { version: string };
  return resolve("node_modules", ".cache", "first-responder-chromium", pkg.version);
}

/** The unpacked npm Chromium, unpacking it first if needed. */
export async function npmChromium(): Promise<ChromiumBinary> {
  const dir = npmChromiumDir();
  if (!existsSync(join(dir, "chromium"))) await unpack(dir);
  else ensureFontsConf(dir);
  return {
    executablePath: join(dir, "chromium"),
    // the package's NSS/NSPR/expat (built for Amazon Linux; only libc and friends come from the
    // system), and our fontconfig file: the binary carries its own fontconfig, which would
    // otherwise look in the package's Lambda paths. A fixed locale: under LANG=C.UTF-8 (Debian's
    // default) this build's ICU default becomes "en-US@posix", which V8's Intl rejects as a tag
    // (uPlot's date axes then throw); Debian's own Chromium reads en-US there too.
    env: { LD_LIBRARY_PATH: join(dir, "lib"), FONTCONFIG_FILE: join(dir, "fonts.conf"), LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" },
    source: "npm",
  };
}

/** CHROMIUM_PATH when set (a system Chromium), else the npm one. */
export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  const configured = env.CHROMIUM_PATH;
  if (configured) return { executablePath: configured, env: {}, source: "CHROMIUM_PATH" };
  return npmChromium();
}

const cjkFontsDir = () => join(packageDir("@embedpdf/fonts-sc"), "fonts");

/** Our fontconfig file: the package's base fonts and the CJK fonts, by absolute paths. */
function fontsConf(dir: string, cjkFonts: string): string {
  const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${xml(join(dir, "fonts"))}</dir>
  <dir>${xml(cjkFonts)}</dir>
  <cachedir>${xml(join(dir, "fontconfig-cache"))}</cachedir>
</fontconfig>
`;
}

/**
 * Rewrites an unpacked Chromium's fonts.conf when it names another folder: a node_modules copied
 * or moved from elsewhere keeps the old absolute paths, and once that folder is gone Chromium
 * finds no font at all and its renderer crashes (every page closes at once). True if rewritten.
 */
export function ensureFontsConf(dir: string, cjkFonts = cjkFontsDir()): boolean {
  const want = fontsConf(dir, cjkFonts);
  const path = join(dir, "fonts.conf");
  if (existsSync(path) && readFileSync(path, "utf8") === want) return false;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, want);
  renameSync(tmp, path); // atomic: a browser starting meanwhile reads the old or the new file whole
  return true;
}

async function unpack(dir: string): Promise<void> {
  const bin = join(packageDir("@sparticuz/chromium"), "bin");
  const cjkFonts = cjkFontsDir();
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    await pipeline(createReadStream(join(bin, "chromium.br")), createBrotliDecompress(), createWriteStream(join(tmp, "chromium"), { mode: 0o755 }));
    // al2023.tar.br holds lib/ (NSS, NSPR, expat); fonts.tar.br holds fonts/ (Open Sans) and a
    // fonts.conf for Lambda's paths, replaced below. tar is part of every Debian base system.
    for (const archive of ["al2023.tar.br", "fonts.tar.br"]) {
      execFileSync("tar", ["-x", "-C", tmp], { input: brotliDecompressSync(readFileSync(join(bin, archive))), maxBuffer: 1 << 30 });
    }
    writeFileSync(join(tmp, "fonts.conf"), fontsConf(dir, cjkFonts));
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // another process unpacked the same version first: keep theirs
      if (!existsSync(join(dir, "chromium"))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The flags this closed-network machine needs (no background fetches that stall start-up). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
