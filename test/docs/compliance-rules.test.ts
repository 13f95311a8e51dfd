/**
 * docs/compliance-rules.md is the repository's copy of ../shared/docs/compliance-rules.md (the rules
 * and the event format every part of the code follows), so that a clone has it. This test keeps the
 * two identical. It needs ../shared beside the checkout (CI always has it): without it the test
 * fails and says so, it is not skipped.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const COPY = join(ROOT, "docs", "compliance-rules.md");
const SOURCE = resolve(ROOT, "..", "shared", "docs", "compliance-rules.md");

describe("docs/compliance-rules.md", () => {
  it("is identical to ../shared/docs/compliance-rules.md", () => {
    if (!existsSync(SOURCE)) {
      throw new Error(`${SOURCE} not found: this test compares docs/compliance-rules.md with the shared original, so ../shared must be checked out beside the repository (CI has it)`);
    }
    const copy = readFileSync(COPY, "utf8");
    const source = readFileSync(SOURCE, "utf8");
    expect(copy === source, `docs/compliance-rules.md differs from ${SOURCE}: copy it again (cp ../shared/docs/compliance-rules.md docs/)`).toBe(true);
  });

  it("is what the README and the docs link to, by a path inside the repository", () => {
    const files = [
      "README.md",
      ...readdirSync(join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => join("docs", f)),
    ];
    const links: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), "utf8");
      for (const m of text.matchAll(/\]\(([^)#\s]*compliance-rules\.md)[^)]*\)/g)) links.push(resolve(ROOT, dirname(f), m[1]!));
      // the old ways of pointing at it: an absolute machine path, or the shared folder by a relative path
      expect(text, `${f} points outside the repository for compliance-rules.md`).not.toMatch(/\/work\/shared\/docs\/compliance-rules\.md|\.\.\/\.\.\/shared\/docs\/compliance-rules\.md/);
    }
    expect(links.length).toBeGreaterThanOrEqual(4);
    expect(new Set(links)).toEqual(new Set([COPY]));
  });
});
