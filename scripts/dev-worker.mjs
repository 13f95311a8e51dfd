// `npm run dev:worker`: the Workers build locally under `wrangler dev` (workerd from npm, the
// shops' Durable Objects stored in .wrangler/state; no Cloudflare account needed). Like `npm start` on a fresh
// laptop, it generates development credentials into .dev.vars (git-ignored, mode 0600) when
// that file does not exist; edit it or put real values there. Extra arguments go to wrangler dev.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

const env = { ...process.env, WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? "false" };
const token = () => randomBytes(18).toString("base64url");

if (!existsSync(".dev.vars")) {
  const vars = {
    GENERIC_WEBHOOK_SECRET: token(),
    ADMIN_TOKEN: token(),
    AGENT_TOKENS: `xiaomei=${token()},xiaowang=${token()}`,
    AGENT_NAMES: "xiaomei=小美,xiaowang=小王",
  };
  writeFileSync(
    ".dev.vars",
    Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join("\n") + "\n",
    { mode: 0o600 },
  );
  console.log(`dev:worker: wrote development credentials (${Object.keys(vars).join(", ")}) to .dev.vars; set real ones there or with \`wrangler secret put\` when deploying`);
}

const run = (args) => {
  const r = spawnSync("npx", ["wrangler", ...args], { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(["dev", "--local", ...process.argv.slice(2)]);
