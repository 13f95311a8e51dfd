import type { Context } from "hono";
import type { FaqRankingMatcher } from "../../../core/faq/matcher.js";
import type { FaqEntry } from "../../../core/faq/types.js";
import { listPhrasesForAgent, listQuickPhrases } from "../../../services/quick-phrases.js";
import type { AppEnv } from "../../env.js";
import type { RouteModule } from "../mount.js";
import { ownerOf, type PhraseScope } from "./owner.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PHRASE_CONTRACTS } from "../../contracts/phrases.js";

const CONTRACT = PHRASE_CONTRACTS["GET /phrases"];
export type ListPhrasesRequest = RequestOf<typeof CONTRACT>;
export type ListPhrasesResponse = ResponseOf<typeof CONTRACT>;

/**
 * GET /phrases. Admin: the shop's phrases. Agent: what the reply box's "/" picker searches —
 * the shop's phrases, the agent's own, and the enabled FAQ answers of the shop (with their
 * per-platform variants, so the picker inserts the answer for the chat's platform).
 */
/** An agent's answer: the phrases, and the shop's enabled FAQ answers (each platform's variant too) for the "/" picker. */
export interface AgentPhrasesAnswer {
  phrases: Awaited<ReturnType<typeof listPhrasesForAgent>>;
  faq: Array<Pick<FaqEntry, "id" | "question" | "answer"> & { answers: NonNullable<FaqEntry["answers"]> }>;
}

export function listPhrasesRoute(scope: PhraseScope): RouteModule {
  return {
    route: { method: "GET", path: "/phrases" },
    async handler(c: Context<AppEnv>) {
      const { ctx } = c.var;
      const owner = ownerOf(c, scope);
      if (owner.agentId === null) return respond(c, CONTRACT, { phrases: await listQuickPhrases({ ctx, input: owner }) });
      const phrases = await listPhrasesForAgent({ ctx, input: { shop: owner.shop, agentId: owner.agentId } });
      // a runtime or shop without a FAQ simply offers no answers
      const engine = ctx.faq.forShop(owner.shop) as Partial<FaqRankingMatcher> | undefined;
      const faq: AgentPhrasesAnswer["faq"] = (engine?.entries ?? []).filter((e) => e.enabled).map((e) => ({ id: e.id, question: e.question, answer: e.answer, answers: e.answers ?? {} }));
      return respond(c, CONTRACT, { phrases, faq });
    },
  };
}
