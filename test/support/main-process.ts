/**
 * Runs `src/node/main.ts` (what `npm start` runs) in a child process with the given environment
 * until it logs that it listens, lets the test use it, then stops it with SIGTERM.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const ROOT = join(import.meta.dirname, "../..");

/** Starts main.ts, calls `whileRunning` with the parsed "listening" log line (and the lines so far), stops it; returns every log line. */
export async function startAndStop(env: Record<string, string>, whileRunning?: (listening: Record<string, unknown>, lines: string[]) => Promise<void>): Promise<string[]> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node/main.ts")], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => lines.push(l));
  const exited = new Promise((r) => child.once("exit", r));
  try {
    const listening = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" within 30 s: ${lines.join("\n")}`)), 30_000);
      createInterface({ input: child.stdout! }).on("line", (l) => {
        lines.push(l);
        if (l.includes("first-responder listening")) {
          clearTimeout(timer);
          resolve(l);
        }
      });
    });
    await whileRunning?.(JSON.parse(listening) as Record<string, unknown>, lines);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
  return lines;
}
