/**
 * HOST: `npm start` with generated development credentials listens on 127.0.0.1 only (anyone who
 * can read data/dev-credentials.json holds them); a production start listens on every interface
 * as before; HOST or the config file's `host:` decides outright. The log names the address and
 * the URLs of the console and the dashboard.
 *
 * "Only loopback" is observed, not assumed: a server bound to 127.0.0.1 refuses a connection to
 * 127.0.0.2 (another loopback address, so no traffic leaves the machine), one bound to 0.0.0.0
 * accepts it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configFromEnv, configFromFile } from "../../src/config/load.js";
import { baseUrl, listenHost, reachableFromNetwork, startupUrls } from "../../src/node/listen.js";
import { ROOT, startAndStop } from "../support/main-process.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const SECRETS = { GENERIC_WEBHOOK_SECRET: "prod-secret", ADMIN_TOKEN: "prod-admin", AGENT_TOKENS: "ops=prod-agent" };

function baseEnv(): Record<string, string> {
  dir = mkdtempSync(join(tmpdir(), "fr-host-"));
  return { PORT: "0", DATABASE_URL: join(dir, "fr.db"), FAQ_DIR: join(ROOT, "faq") };
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function portOf(listening: Record<string, unknown>): number {
  return Number(String(listening.listen).split(":").pop());
}

describe("listen address", () => {
  it("HOST wins; unset: loopback with development credentials, every interface without", () => {
    expect(listenHost(undefined, true)).toBe("127.0.0.1");
    expect(listenHost(undefined, false)).toBe("0.0.0.0");
    expect(listenHost("0.0.0.0", true)).toBe("0.0.0.0");
    expect(listenHost("::1", false)).toBe("::1");
    expect(reachableFromNetwork("127.0.0.1")).toBe(false);
    expect(reachableFromNetwork("::1")).toBe(false);
    expect(reachableFromNetwork("localhost")).toBe(false);
    expect(reachableFromNetwork("0.0.0.0")).toBe(true);
    expect(reachableFromNetwork("::")).toBe(true);
    expect(reachableFromNetwork("192.168.1.5")).toBe(true);
  });

  it("the URLs: a wildcard is reached on loopback, IPv6 in brackets", () => {
    expect(baseUrl("0.0.0.0", 8787)).toBe("http://127.0.0.1:8787");
    expect(baseUrl("::", 8787)).toBe("http://[::1]:8787");
    expect(baseUrl("::1", 8787)).toBe("http://[::1]:8787");
    expect(baseUrl("10.0.0.7", 80)).toBe("http://10.0.0.7:80");
    expect(startupUrls("127.0.0.1", 8787)).toEqual({
      listen: "127.0.0.1:8787",
      url: "http://127.0.0.1:8787",
      console: "http://127.0.0.1:8787/console",
      dashboard: "http://127.0.0.1:8787/dashboard",
    });
    expect(startupUrls("::", 9000).listen).toBe("[::]:9000");
  });

  it("comes from HOST, or the config file's host: (HOST overrides the file); unset by default", async () => {
    expect((await configFromEnv(SECRETS)).host).toBeUndefined();
    expect((await configFromEnv({ ...SECRETS, HOST: "::1" })).host).toBe("::1");
    const yaml = "host: 127.0.0.3\nshops:\n  - id: s1\n    genericWebhookSecret: { env: S1 }\n";
    expect((await configFromFile(yaml, "shops.yaml", { S1: "x" })).host).toBe("127.0.0.3");
    expect((await configFromFile(yaml, "shops.yaml", { S1: "x", HOST: "0.0.0.0" })).host).toBe("0.0.0.0");
    await expect(configFromFile("host: 5\nshops:\n  - id: s1\n", "shops.yaml", {})).rejects.toThrow(/shops\.yaml: host/);
  });
});

describe("npm start", () => {
  it("with development credentials: listens on 127.0.0.1 only and logs the console and dashboard URLs", async () => {
    let seen: Record<string, unknown> = {};
    const lines = await startAndStop(baseEnv(), async (listening) => {
      seen = listening;
      const port = portOf(listening);
      expect(listening).toMatchObject({ listen: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, console: `http://127.0.0.1:${port}/console`, dashboard: `http://127.0.0.1:${port}/dashboard` });
      expect((await fetch(String(listening.console))).status).toBe(200);
      expect((await fetch(String(listening.dashboard))).status).toBe(200);
      expect(await accepts("127.0.0.2", port)).toBe(false);
    });
    expect(seen.listen).toBeDefined();
    expect(lines.some((l) => l.includes("development credentials in use"))).toBe(true);
    expect(lines.some((l) => l.includes("HOST opens the server"))).toBe(false);
  }, 60_000);

  it("with every secret set (production): listens on every interface, as before", async () => {
    await startAndStop({ ...baseEnv(), ...SECRETS }, async (listening) => {
      const port = portOf(listening);
      expect(listening).toMatchObject({ listen: `0.0.0.0:${port}`, console: `http://127.0.0.1:${port}/console` });
      expect(await accepts("127.0.0.2", port)).toBe(true);
    });
  }, 60_000);

  it("HOST=0.0.0.0 with development credentials: obeyed, with a warning", async () => {
    const lines = await startAndStop({ ...baseEnv(), HOST: "0.0.0.0" }, async (listening) => {
      expect(await accepts("127.0.0.2", portOf(listening))).toBe(true);
    });
    expect(lines.some((l) => l.includes("HOST opens the server to the network while development credentials are in use"))).toBe(true);
  }, 60_000);
});
