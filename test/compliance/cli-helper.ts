import { spawnSync } from "node:child_process";

/** Runs the real CLI (`report …`) as a user would. */
export function cli(...args: string[]) {
  const r = spawnSync("npx", ["tsx", "src/cli/main.ts", "report", ...args], { encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
