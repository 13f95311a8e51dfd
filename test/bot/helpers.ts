/** Shared set-up of the bot tests: a scripted FAQ with a sure, a middling and a weak match. */
import { DEFAULT_SCRIPT, createHarness, scriptedFaq, shopConfig, type Harness } from "../support/harness.js";

export const BOT_SCRIPT = {
  ...DEFAULT_SCRIPT,
  // between the 0.3 floor and the threshold: a suggestion
  这件衣服质量怎么样: { id: "quality", answer: "亲,质量有保障的", score: 0.4, confident: false },
  // a weak guess under the floor (issue 12: 可以查询预计到达时间吗 → cancel-order at 0.057)
  可以查询预计到达时间吗: { id: "cancel-order", answer: "亲，未发货的订单可以直接申请取消哦", score: 0.057, confident: false },
};

export async function botHarness(shops = ["default"]): Promise<Harness> {
  return createHarness({ shops: await Promise.all(shops.map((s) => shopConfig(s))), faq: scriptedFaq(BOT_SCRIPT) });
}

export const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;

/** A Kuaishou chat where the bot answered, then the buyer wrote something the bot did not settle. */
export async function botAnsweredThenRouted(h: Harness, at: number, conversation = "k1", followUp = "这件衣服质量怎么样") {
  const { buyer } = await import("../support/harness.js");
  await h.agent("default", "a1", "PUT", "/status", { online: true });
  await h.postEvents(buyer("kuaishou", conversation, at, "什么时候发货"));
  await h.postEvents(buyer("kuaishou", conversation, at + 20_000, followUp));
  const { chats } = await json<{ chats: Array<{ id: number; conversation: string }> }>(h.agent("default", "a1", "GET", "/chats"));
  const chat = chats.find((c) => c.conversation === conversation)!;
  const detail = await json(h.agent("default", "a1", "GET", `/chats/${chat.id}`));
  const botMessage = detail.messages.find((m: { from: string }) => m.from === "bot");
  return { chatId: chat.id, detail, botMessage };
}
