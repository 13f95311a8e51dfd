/**
 * `npm start`: the server on the embedded database with the FAQ folder, hot-reloaded.
 * Config: environment variables for one shop (`default`), or `--config FILE` / FR_CONFIG.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, configFromEnv, configFromFile, type Env } from "../config/load.js";
import type { AppConfig } from "../config/types.js";
import { consoleLogger } from "../services/context.js";
import { startDemoInbox, type DemoInbox } from "./demo-inbox.js";
import { loadOrCreateDevCredentials, unsetSecrets, withDevCredentials } from "./dev-credentials.js";
import { listenHost, reachableFromNetwork, startupUrls } from "./listen.js";
import { startNodeServer } from "./server.js";

function configPath(argv: string[], env: Env): string | undefined {
  const i = argv.indexOf("--config");
  if (i >= 0) {
    const path = argv[i + 1];
    if (!path) throw new ConfigError("--config needs a file path");
    return path;
  }
  return argv.find((a) => a.startsWith("--config="))?.slice("--config=".length) ?? env.FR_CONFIG;
}

/**
 * The config, whether generated development credentials are in it (they decide the default HOST),
 * and the demo buyer inbox its replies go to when they are and no OUTBOUND_WEBHOOK_URL is set.
 */
async function loadConfig(argv: string[], env: Env): Promise<{ config: AppConfig; devCredentials: boolean; inbox?: DemoInbox }> {
  const path = configPath(argv, env);
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new ConfigError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return { config: await configFromFile(text, path, env), devCredentials: false };
  }
  const base = await configFromEnv(env);
  // every secret set: a production start, where no development file is written or read
  if (unsetSecrets(env).length === 0) return { config: base, devCredentials: false };
  const dev = loadOrCreateDevCredentials(base.databaseUrl);
  const { env: filled, filled: names } = withDevCredentials({ AGENT_NAMES: "xiaomei=小美,xiaowang=小王", ...env }, dev.creds);
  if (names.length) {
    consoleLogger.warn("development credentials in use: set these variables for production", { variables: names, file: dev.path });
  }
  if (filled.OUTBOUND_WEBHOOK_URL || names.length === 0) return { config: await configFromEnv(filled), devCredentials: names.length > 0 };
  // development credentials and nowhere to deliver: the replies go to the demo buyer inbox
  const inbox = await startDemoInbox(filled);
  return { config: await configFromEnv(inbox.env), devCredentials: true, inbox };
}

async function main(): Promise<void> {
  const { config, devCredentials, inbox } = await loadConfig(process.argv.slice(2), process.env);
  const host = listenHost(config.host, devCredentials);
  if (devCredentials && reachableFromNetwork(host)) {
    consoleLogger.warn("HOST opens the server to the network while development credentials are in use", { host });
  }
  const server = await startNodeServer(config, { watchFaq: true, host });
  if (inbox) consoleLogger.info(`demo buyer inbox on ${inbox.url} (replies are delivered there; set OUTBOUND_WEBHOOK_URL to deliver elsewhere)`, { replies: `${inbox.url}/outbound` });
  consoleLogger.info("first-responder listening", {
    ...startupUrls(server.host, server.port),
    database: resolve(config.databaseUrl),
    faq: resolve(config.faqDir),
    shops: server.describeShops(),
  });
  const stop = async (signal: string) => {
    consoleLogger.info("stopping", { signal });
    await server.close();
    await inbox?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`configuration error: ${err.message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
