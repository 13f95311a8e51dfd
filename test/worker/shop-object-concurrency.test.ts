/**
 * The shop's Durable Object as the single writer (issue 14's target), inside workerd:
 * concurrent buyer messages to one conversation (8 and 32 at once, 20 trials each) leave the
 * chat exactly as the same messages one after another do (Node's serialised units), with no
 * 5xx. Requests go to the deployed Worker's fetch handler (workerFetch in ./shop.ts), which
 * forwards them to the object.
 *
 * One of three files of issue 14's shop-object targets (with shop-object-stats-race.test.ts
 * and shop-object.test.ts): a file of its own runs with storage of its own, in parallel with
 * the others, so no test's leftovers (outbox retries, alarms) slow another.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { postGeneric, SHOP, shopRows, genericEvent, wipeShop } from "./shop.js";

const shopStub = SHOP.get(SHOP.idFromName("default"));
beforeEach(() => wipeShop(shopStub));

/** A small deterministic shuffle (mulberry32), so a failing trial can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CHAT_FIELDS = "status, pending_since, first_assessed_at, deadline_at, clock_runs, last_buyer_at, last_text";

describe("one conversation, many buyer messages at once", () => {
  for (const size of [8, 32]) {
    it(`${size} concurrent messages, 20 trials: the chat equals the same messages one after another; no 5xx`, { timeout: 600_000 }, async () => {
      const base = Date.now() - 60_000;
      for (let trial = 0; trial < 20; trial++) {
        const ats = shuffled(
          Array.from({ length: size }, (_, i) => base + i * 700),
          size * 100 + trial,
        );
        const statuses = await Promise.all(ats.map(async (at) => (await postGeneric(genericEvent("douyin", `conc-${size}-${trial}`, at, "我要找你们老板"))).status));
        expect(
          statuses.filter((s) => s !== 200),
          `trial ${trial}`,
        ).toEqual([]);
        // Node's answer: the same messages one after another (one batch is one unit, its events in order)
        expect((await postGeneric(ats.map((at) => genericEvent("douyin", `seq-${size}-${trial}`, at, "我要找你们老板")))).status).toBe(200);
        const [conc] = await shopRows(shopStub, `select ${CHAT_FIELDS} from chats where conversation = ?`, `conc-${size}-${trial}`);
        const [seq] = await shopRows(shopStub, `select ${CHAT_FIELDS} from chats where conversation = ?`, `seq-${size}-${trial}`);
        expect(conc, `trial ${trial}`).toEqual(seq);
        expect(conc).toMatchObject({ pending_since: base, deadline_at: base + 180_000 });
      }
      const [decided] = await shopRows<{ n: number }>(shopStub, "select count(*) n from decisions");
      expect(decided!.n).toBe(2 * 20 * size);
    });
  }
});
