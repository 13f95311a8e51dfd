/**
 * `npm start` generates development credentials only for secrets the environment leaves
 * unset; with every secret set (production) it writes no development file (issue 16).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { unsetSecrets } from "../../src/node/dev-credentials.js";
import { ROOT, startAndStop } from "../support/main-process.js";

const root = ROOT;
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("development credentials", () => {
  it("names the unset secrets", () => {
    expect(unsetSecrets({})).toEqual(["GENERIC_WEBHOOK_SECRET", "ADMIN_TOKEN", "AGENT_TOKENS"]);
    expect(unsetSecrets({ GENERIC_WEBHOOK_SECRET: "s", ADMIN_TOKEN: "a", AGENT_TOKENS: "" })).toEqual(["AGENT_TOKENS"]);
    expect(unsetSecrets({ GENERIC_WEBHOOK_SECRET: "s", ADMIN_TOKEN: "a", AGENT_TOKENS: "x=t" })).toEqual([]);
  });

  it("are not generated when every secret is set", async () => {
    dir = mkdtempSync(join(tmpdir(), "fr-devcreds-"));
    const env = { PORT: "18161", DATABASE_URL: join(dir, "fr.db"), FAQ_DIR: join(root, "faq"), GENERIC_WEBHOOK_SECRET: "prod-secret", ADMIN_TOKEN: "prod-admin", AGENT_TOKENS: "ops=prod-agent" };
    const lines = await startAndStop(env);
    expect(existsSync(join(dir, "dev-credentials.json"))).toBe(false);
    expect(lines.some((l) => l.includes("development credentials"))).toBe(false);
  }, 60_000);
});
