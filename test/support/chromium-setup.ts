/**
 * vitest globalSetup (node project): unpacks the npm Chromium once before the test files start,
 * so parallel browser test files do not each unpack 190 MB (test/support/chromium.ts).
 */
import { resolveChromium } from "./chromium.js";

export default async function setup(): Promise<void> {
  await resolveChromium();
}
