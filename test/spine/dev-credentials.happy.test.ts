/**
 * `npm start` generates development credentials only for secrets the environment leaves
 * unset; with every secret set (production) it writes no development file (issue 16).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { unsetSecrets } from "../../src/node/dev-credentials.js";

const root = join(import.meta.dirname, "../..");
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Starts `src/node/main.ts` until it logs that it listens; returns its log lines. */
async function startAndStop(env: Record<string, string>): Promise<string[]> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/node/main.ts")], { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => lines.push(l));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" within 30 s: ${lines.join("\n")}`)), 30_000);
    createInterface({ input: child.stdout! }).on("line", (l) => {
      lines.push(l);
      if (l.includes("first-responder listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  return lines;
}

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
