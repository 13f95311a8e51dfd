/**
 * Platform and server clocks are never quite equal, and pushes arrive out of order (issue 16).
 * The chat logic tolerates CLOCK_SKEW_SECONDS (default 10) between them; beyond it a reply
 * stamped before a message answers an earlier round, as before.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const json = async (res: Response | Promise<Response>) => (await res).json();
const queue = async () => (await json(h.admin("default", "/queue"))).chats as { conversation: string }[];
const human = (id: string, conversation: string, at: number) => ({ id, platform: "taobao", conversation, at: new Date(at).toISOString(), from: "human", agent: "a2", text: "在的" });

describe("clock skew", () => {
  it("a buyer message stamped 5 s ahead of the server is closed by an immediate agent reply from the console", async () => {
    await h.agent("default", "a1", "PUT", "/status", { online: true });
    await h.postEvents(buyer("douyin", "d", T0 + 5000, "我要找你们老板"));
    const [chat] = (await json(h.agent("default", "a1", "GET", "/chats"))).chats;
    h.clock.now = T0 + 1000; // the reply is stamped by our clock: 4 s "before" the message
    expect((await h.agent("default", "a1", "POST", `/chats/${chat.id}/reply`, { text: "您好" })).status).toBe(201);
    expect(await queue()).toEqual([]);
    expect((await json(h.agent("default", "a1", "GET", "/chats"))).chats).toEqual([]);
  });

  it("a reply stamped within the skew before the message closes it; one stamped well before does not", async () => {
    await h.postEvents([buyer("taobao", "near", T0 + 10_000, "在吗"), buyer("taobao", "far", T0 + 10_000, "在吗")]);
    await h.postEvents([human("r-near", "near", T0), human("r-far", "far", T0 - 1)]);
    expect((await queue()).map((c) => c.conversation)).toEqual(["far"]);
  });

  it("a reply processed before the message it answers closes it (pushes out of order)", async () => {
    await h.postEvents(human("r-first", "t", T0 + 3000));
    await h.postEvents(buyer("taobao", "t", T0, "在吗"));
    expect(await queue()).toEqual([]);
    // a later message is a new round: it waits for a human
    await h.postEvents(buyer("taobao", "t", T0 + 4000, "还在吗"));
    expect((await queue()).map((c) => c.conversation)).toEqual(["t"]);
  });

  it("a request for a person pushed late is settled by a person's reply already stored, never by a bot's (Kuaishou counts bots)", async () => {
    const reply = (id: string, conversation: string, from: "human" | "bot", at: number) => ({
      id,
      platform: "kuaishou",
      conversation,
      at: new Date(at).toISOString(),
      from,
      ...(from === "human" ? { agent: "a2" } : { bot: "first-responder", mode: "auto" }),
      text: "您好，正在为您转接",
    });
    await h.postEvents([reply("p-human", "p", "human", T0 + 3000), reply("b-bot", "b", "bot", T0 + 3000)]);
    await h.postEvents([buyer("kuaishou", "p", T0, "转人工"), buyer("kuaishou", "b", T0, "转人工")]);
    expect((await queue()).map((c) => c.conversation)).toEqual(["b"]);
  });
});
