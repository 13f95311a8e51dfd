import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { readMigrationBundle } from "./scripts/bundle-migrations.js";
import SlowFirstSequencer from "./test/support/slow-first-sequencer.js";

const ALL_DAY = '{ window: { start: "00:00", end: "24:00" } }';
const WORKER_TEST_CONFIG = `
shops:
  - id: default
    name: Worker test shop
    genericWebhookSecret: { env: GENERIC_WEBHOOK_SECRET }
    adminTokens: [{ token: { env: ADMIN_TOKEN } }]
    agents: [{ id: a1, token: { env: AGENT_A1_TOKEN } }]
    escalation: { leadSeconds: 60 }
    outbound: { url: "http://127.0.0.1:9/replies" }
    rules:
${["douyin.manual-3min", "douyin.first-reply-2min", "taobao.rounds-3min", "taobao.daily-3min", "taobao.reply-rate", "kuaishou.shop-5min", "kuaishou.agent-5min"].map((id) => `      ${id}: ${ALL_DAY}`).join("\n")}
`;

/**
 * Two projects, both run by `npm test` (= vitest run):
 *  - node:    every suite under test/ except test/worker, in Node
 *  - workers: test/worker inside workerd (Cloudflare's vitest integration), with the
 *             Worker's wrangler.toml bindings (one Durable Object per shop, SQLite storage
 *             migrated from db/), and the contract suite of test/contract run in shop objects.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Files at once: vitest's default is one core less than the machine has, i.e. ONE on two
    // cores, and the suite mostly waits (servers, browsers, workerd, child processes, fsync:
    // 55 % of one core used over a serial run). Three keep two cores busy; more cores, more.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // the slowest files first, the workerd ones beside the Node ones (test/support/slow-first-sequencer.ts)
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/worker/**", "**/node_modules/**"],
          // the browser tests' npm Chromium, unpacked once per machine (test/support/chromium.ts)
          globalSetup: ["test/support/chromium-setup.ts"],
        },
      },
      {
        extends: true,
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                // the migration-upgrade test: the previous release's migrations, and a later one
                RELEASE_MIGRATIONS: JSON.stringify(readMigrationBundle("test/fixtures/migrations/release-0.1")),
                UPGRADE_SQL: readFileSync("test/fixtures/migrations/upgrade/0001_fixture_upgrade.sql", "utf8"),
                // the deployment config of test/worker/entry.test.ts, a config file's YAML as on
                // Workers with many shops; every rule's window widened so deadlines run at any hour
                FR_CONFIG: WORKER_TEST_CONFIG,
                GENERIC_WEBHOOK_SECRET: "worker-test-secret",
                ADMIN_TOKEN: "worker-admin-token",
                AGENT_A1_TOKEN: "worker-a1-token",
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["test/worker/global-setup.ts"],
        },
      },
    ],
  },
});
