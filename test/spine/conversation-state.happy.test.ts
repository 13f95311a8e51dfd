/**
 * The conversation state the decision reads is kept on a row (services/conversations.ts),
 * updated as events are stored, instead of folded from the conversation's tail for every buyer
 * message. It must be the fold of the stored events in date order whatever order the pushes
 * came in: an event that could change it, dated before one already folded in, makes the row
 * stale and the next read folds the tail again.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Platform } from "../../src/core/events.js";
import { foldStoredConversation, getConversationState } from "../../src/services/conversations.js";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const iso = (ms: number) => new Date(ms).toISOString();
const human = (id: string, conversation: string, at: number, agent = "a2") => ({ id, platform: "kuaishou", conversation, at: iso(at), from: "human", agent, text: "您好，在的" });
const botEcho = (id: string, conversation: string, at: number) => ({ id, platform: "kuaishou", conversation, at: iso(at), from: "bot", bot: "first-responder", mode: "auto", text: "正在为您转接" });
const key = (conversation: string) => ({ shop: "default", platform: "kuaishou" as Platform, conversation });
async function post(body: unknown) {
  expect((await h.postEvents(body)).status).toBe(200);
}
const reasonOf = async (msgId: string) => (await h.ctx.db.all<{ reason: string }>(sql`select d.reason from decisions d join events e on e.seq = d.event_seq where e.msg_id = ${msgId}`))[0]?.reason;
const stateRow = async (conversation: string) => (await h.ctx.db.all<{ stale: number }>(sql`select stale from conversation_states where conversation = ${conversation}`))[0];

/** A small seeded generator (mulberry32): the same "random" conversations on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the kept conversation state", () => {
  it("a request for a person pushed after a later human reply is folded in date order: the reply came after it, so the agent holds the chat", async () => {
    h.clock.now = T0 + 120_000;
    await post(human("h1", "k", T0 + 60_000));
    const request = buyer("kuaishou", "k", T0, "转人工");
    await post(request);
    expect(await reasonOf(request.id)).toBe("human-requested");
    // dated before the reply already folded in: the row cannot take it in arrival order
    expect(await stateRow("k")).toEqual({ stale: 1 });
    const question = buyer("kuaishou", "k", T0 + 120_000, "什么时候发货");
    await post(question);
    // in date order the person answered the request: the buyer is not waiting for one any more,
    // and the agent who answered 60 s ago holds the chat (taken in arrival order: human-requested)
    expect(await reasonOf(question.id)).toBe("human-active");
    expect(await stateRow("k")).toEqual({ stale: 0 });
  });

  it("equals the fold of the stored events in date order, for conversations pushed in random order", async () => {
    const random = seeded(12);
    const kinds = ["转人工", "什么时候发货", "包邮吗", "在吗", "human", "echo"] as const;
    h.clock.now = T0 + 30 * 60_000;
    let n = 0;
    for (let round = 0; round < 12; round++) {
      const conversation = `r${round}`;
      for (let i = 0; i < 10; i++) {
        // minutes apart at most 20, on whole minutes half the time: ties in date happen too
        const raw = T0 + Math.floor(random() * 20 * 60_000);
        const at = random() < 0.5 ? raw - (raw % 60_000) : raw;
        const kind = kinds[Math.floor(random() * kinds.length)]!;
        const id = `x${++n}`;
        await post(kind === "human" ? human(id, conversation, at, random() < 0.5 ? "a1" : "a2") : kind === "echo" ? botEcho(id, conversation, at) : { ...buyer("kuaishou", conversation, at, kind), id });
      }
      const kept = await h.ctx.transact(() => getConversationState({ ctx: h.ctx, input: key(conversation) }));
      const folded = await foldStoredConversation({ ctx: h.ctx, input: { ...key(conversation), limit: 10_000 } });
      expect(kept.state, conversation).toEqual(folded.state);
      const [latest] = await h.ctx.db.all<{ at: number | null }>(sql`select max(at) as at from events where conversation = ${conversation} and "from" in ('human', 'bot') and type = 'message'`);
      expect(kept.lastReplyAt, conversation).toBe(latest!.at);
    }
  });

  it("no row for a conversation of buyer messages only; a shop-side message or a request for a person makes one", async () => {
    await post(buyer("kuaishou", "quiet", T0, "在吗"));
    expect(await stateRow("quiet")).toBeUndefined();
    await post(buyer("kuaishou", "asks", T0, "转人工"));
    expect(await stateRow("asks")).toEqual({ stale: 0 });
    const kept = await h.ctx.transact(() => getConversationState({ ctx: h.ctx, input: key("asks") }));
    // the acknowledgement "正在为您转接" our bot sent is a stored shop-side message
    expect(kept).toMatchObject({ state: { humanRequestedAt: T0 }, lastReplyAt: T0 });
  });
});
