import { spawnCli } from "../support/cli.js";

/** Runs the real CLI (`report …`) as a user would. */
export function cli(...args: string[]) {
  const r = spawnCli(["report", ...args], { env: { ...process.env, FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
