/**
 * Runs the real CLI (src/cli/main.ts) in a child process, as `npm run cli --` does: Node with
 * tsx's loader. Started as `node --import tsx` rather than `npx tsx`: the same loader and
 * program, without npx's resolution and the tsx binary's second Node process (0.4 s instead of 1.0 s a run,
 * and the CLI tests run it some hundred times).
 */
import { type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

export function spawnCli(args: string[], options: Partial<SpawnSyncOptionsWithStringEncoding> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { encoding: "utf8", ...options });
}
