/** The served client code is generated from src/http/pages/assets/*: it must be up to date. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_PATH, renderAssetsModule } from "../../src/http/pages/build-assets.js";
import { launchChromium } from "./support.js";

describe("src/http/pages/assets.generated.ts", () => {
  it("matches the asset sources (regenerate: npx tsx src/http/pages/build-assets.ts)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8") === renderAssetsModule(), "assets.generated.ts is stale: run npx tsx src/http/pages/build-assets.ts").toBe(true);
  });
});

describe("the browser tests' Chromium", () => {
  it("is required: a missing binary fails with how to install it, never a silent skip", async () => {
    await expect(launchChromium("/nonexistent/chromium")).rejects.toThrow(/apt-get install -y chromium/);
  });
});
