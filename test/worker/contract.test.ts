/**
 * The contract suite inside workerd: the same app and services in each shop's Durable Object
 * (its SQLite storage migrated from db/, each unit a storage transaction), built by the
 * object's own open() with an injected clock, FAQ and config, and reached through the
 * Worker's own router (route.ts): a shop's requests go to that shop's object, the rest to
 * the front app. Each test gets fresh objects. Everything that touches a shop's storage
 * runs inside its object (runInDurableObject), as the runtime requires.
 */
import { describe } from "vitest";
import { DEFAULTS } from "../../src/config/load.js";
import { silentLogger } from "../../src/services/context.js";
import { createFrontRuntime, type WorkerRuntime } from "../../src/worker/context.js";
import { shopOfRequest } from "../../src/worker/route.js";
import { DEFAULT_SCRIPT, scriptedFaq, shopConfig, T0, type MakeRuntime } from "../contract/fixtures.js";
import { contractSuite } from "../contract/suite.js";
import { freshShopStub, inShop, insideShop } from "./shop.js";

const makeWorkers: MakeRuntime = async (opts) => {
  const clock = { now: T0 };
  const shops = opts.shops ?? [await shopConfig("default")];
  const config = { port: 0, databaseUrl: "durable-object", faqDir: "bundled", maxBodyBytes: opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes, shops };
  const faq = opts.faq ?? scriptedFaq(DEFAULT_SCRIPT);
  const objects = new Map<string, { stub: ReturnType<typeof freshShopStub>; rt: WorkerRuntime }>();
  for (const s of shops) {
    const stub = freshShopStub("contract");
    objects.set(s.id, { stub, rt: await inShop(stub, (obj) => obj.open(s.id, { config, faq, now: () => clock.now, log: silentLogger })) });
  }
  const front = createFrontRuntime(config);
  const first = objects.get(shops[0]!.id)!;
  return {
    name: "workers",
    async request(path, init) {
      const shop = await shopOfRequest(front.ctx, new Request(`http://localhost${path}`, { method: init?.method, headers: init?.headers }));
      if (shop === undefined) return front.app.request(path, init);
      const o = objects.get(shop)!;
      return insideShop(o.stub, () => o.rt.app.request(path, init));
    },
    clock,
    run: <T>(fn: (ctx: WorkerRuntime["ctx"]) => T): Promise<Awaited<T>> => inShop(first.stub, () => fn(first.rt.ctx)) as Promise<Awaited<T>>,
    async close() {},
  };
};

describe("contract (workers, shop Durable Objects)", () => contractSuite(makeWorkers));
