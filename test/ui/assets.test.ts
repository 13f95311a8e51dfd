/** The served client code is generated from src/http/pages/assets/*: it must be up to date, TypeScript, and copy no server list. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../src/core/rules/presets.js";
import { ASSETS } from "../../src/http/pages/assets.generated.js";
import { compileScript, GENERATED_PATH, renderAssetsModule } from "../../src/http/pages/build-assets.js";
import { platformNames } from "../../src/platforms/registry.js";
import { launchChromium } from "./support.js";

const ASSETS_DIR = join(dirname(GENERATED_PATH), "assets");
/** the page scripts as served (compiled bundles), not uPlot's */
const scripts = Object.entries(ASSETS).filter(([name]) => name.endsWith(".js") && !name.startsWith("uPlot"));

describe("src/http/pages/assets.generated.ts", () => {
  it("matches the asset sources (regenerate: npx tsx src/http/pages/build-assets.ts)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8") === renderAssetsModule(), "assets.generated.ts is stale: run npx tsx src/http/pages/build-assets.ts").toBe(true);
  });
});

describe("the UI scripts", () => {
  it("are TypeScript: no .js source in src/http/pages/assets (each .ts is served as .js, .d.ts never)", () => {
    const files = readdirSync(ASSETS_DIR);
    expect(files.filter((f) => f.endsWith(".js"))).toEqual([]);
    const ts = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(ts.length).toBeGreaterThan(10);
    for (const f of ts) expect(Object.hasOwn(ASSETS, f.replace(/\.ts$/, ".js")), f).toBe(true);
    expect(Object.keys(ASSETS).filter((n) => n.endsWith(".ts"))).toEqual([]);
  });

  it("bundle nothing of the server: only the pages' own client code goes in (types are erased)", () => {
    for (const [name, asset] of scripts) {
      // esbuild names each bundled module in a `// path` comment
      const modules = [...asset.body.matchAll(/^\s*\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1]!);
      expect(modules.length, name).toBeGreaterThan(0);
      for (const m of modules) expect(m, `${name} bundles ${m}`).toMatch(/^src\/http\/pages\/(assets|client)\//);
    }
  });

  it("copy no platform or rule list: names and ids come from the served labels.js (src/platforms/registry.ts, core/rules/presets.ts)", () => {
    const platforms = Object.entries(platformNames());
    expect(platforms.length).toBeGreaterThan(1);
    for (const [name, asset] of scripts) {
      const ids = platforms.filter(([id]) => asset.body.includes(JSON.stringify(id))).map(([id]) => id);
      const names = platforms.filter(([, zh]) => asset.body.includes(zh)).map(([, zh]) => zh);
      expect(ids.length, `${name} lists platform ids ${ids.join(", ")}`).toBeLessThan(2);
      expect(names.length, `${name} lists platform names ${names.join(", ")}`).toBeLessThan(2);
      expect(
        RULE_IDS.filter((id) => asset.body.includes(id)),
        `${name} names rule ids`,
      ).toEqual([]);
    }
  });

  it("share code through window.FR: a script that imports a sibling's values is refused, not bundled twice", () => {
    const dir = mkdtempSync(join(tmpdir(), "fr-assets-"));
    try {
      const probe = join(dir, "probe.ts");
      // a type from a sibling is erased: the bundle holds only the probe
      writeFileSync(probe, `import type { FRApi } from ${JSON.stringify(join(ASSETS_DIR, "common.ts"))};\nconst fr: FRApi = window.FR;\nconsole.log(fr.clock("x"));\n`);
      expect(compileScript(probe)).toContain("fr.clock");
      writeFileSync(probe, `import ${JSON.stringify(join(ASSETS_DIR, "common.ts"))};\n`);
      expect(() => compileScript(probe)).toThrow(/bundles src\/http\/pages\/assets\/common\.ts: scripts share code through window\.FR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the browser tests' Chromium", () => {
  it("is required: a missing binary fails with how to install it, never a silent skip", async () => {
    await expect(launchChromium("/nonexistent/chromium")).rejects.toThrow(/apt-get install -y chromium/);
  });
});
