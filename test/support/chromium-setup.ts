/**
 * vitest globalSetup (node project): unpacks the npm Chromium once before the test files start,
 * so parallel browser test files do not each unpack 190 MB (test/support/chromium.ts), and starts
 * one Chromium the browser test files connect to (test/ui/support.ts launchChromium): a launch
 * costs seconds on two cores, and some twenty files each launched their own. Each file still works
 * in contexts of its own. It starts with the run and stops when the run ends.
 */
import type { BrowserServer } from "playwright-core";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, resolveChromium } from "./chromium.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** the shared Chromium's endpoint ("" when none could start: each file then launches its own, and fails with the reason) */
    chromiumWsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = await resolveChromium();
  let server: BrowserServer | undefined;
  try {
    server = await chromium.launchServer({ executablePath: binary.executablePath, env: { ...process.env, ...binary.env }, headless: true, args: CHROMIUM_ARGS, timeout: 60_000, host: "127.0.0.1" });
  } catch {
    // a missing or broken binary: the files launch their own and report why (never skipped)
  }
  project.provide("chromiumWsEndpoint", server?.wsEndpoint() ?? "");
  return async () => {
    await server?.close();
  };
}
