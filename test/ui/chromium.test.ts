/**
 * The browser tests' Chromium comes from npm (nothing installed by hand) unless CHROMIUM_PATH names
 * one, and it shows Chinese with the npm CJK font (test/support/chromium.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { ensureFontsConf, npmChromium, resolveChromium } from "../support/chromium.js";
import { CHROMIUM_ARGS } from "./support.js";

describe("which Chromium", () => {
  it("is the one CHROMIUM_PATH names when it is set", async () => {
    const b = await resolveChromium({ CHROMIUM_PATH: "/opt/some/chromium" });
    expect(b).toEqual({ executablePath: "/opt/some/chromium", env: {}, source: "CHROMIUM_PATH" });
  });

  it("is the npm package's otherwise, unpacked under node_modules/.cache with its own libraries and fonts", async () => {
    const b = await resolveChromium({});
    expect(b.source).toBe("npm");
    expect(b.executablePath.startsWith(resolve("node_modules", ".cache"))).toBe(true);
    expect(existsSync(b.executablePath)).toBe(true);
    expect(existsSync(`${b.env.LD_LIBRARY_PATH}/libnss3.so`)).toBe(true);
    expect(existsSync(b.env.FONTCONFIG_FILE ?? "")).toBe(true);
  });
});

describe("an unpacked Chromium copied from another folder", () => {
  it("gets a fonts.conf naming its own folder again (the old folder's fonts may be gone: no font crashes the renderer)", () => {
    const dir = mkdtempSync(join(tmpdir(), "fr-chromium-"));
    try {
      writeFileSync(join(dir, "fonts.conf"), "<fontconfig><dir>/work/gone/node_modules/.cache/x/fonts</dir></fontconfig>");
      expect(ensureFontsConf(dir, "/cjk")).toBe(true);
      const conf = readFileSync(join(dir, "fonts.conf"), "utf8");
      expect(conf).toContain(`<dir>${join(dir, "fonts")}</dir>`);
      expect(conf).toContain("<dir>/cjk</dir>");
      expect(conf).toContain(`<cachedir>${join(dir, "fontconfig-cache")}</cachedir>`);
      expect(conf).not.toContain("/work/gone");
      // already right: left alone
      expect(ensureFontsConf(dir, "/cjk")).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the npm Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    const b = await npmChromium();
    browser = await chromium.launch({ executablePath: b.executablePath, env: { ...process.env, ...b.env }, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders Chinese with the npm CJK font (Noto Sans S Chinese, from @embedpdf/fonts-sc), not boxes", async () => {
    const page = await browser.newPage();
    await page.setContent('<p id="t" style="font-family: sans-serif">演示旗舰店的机器人排班建议</p>');
    // the fonts Chromium actually drew the text with, as DevTools reports them
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#t" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    expect(fonts.map((f) => f.familyName)).toEqual([expect.stringMatching(/^Noto Sans S Chinese/)]);
    expect(fonts[0]?.glyphCount).toBe("演示旗舰店的机器人排班建议".length);
    await page.close();
  });

  it("has a valid default locale whatever LANG is (C.UTF-8 would give ICU's en-US@posix, which Intl rejects)", async () => {
    const page = await browser.newPage();
    await page.setContent("<p>x</p>");
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().locale)).toBe("en-US");
    expect(await page.evaluate(() => new Date(Date.UTC(2026, 0, 7, 12)).toLocaleDateString())).toBe("1/7/2026");
    await page.close();
  });
});
