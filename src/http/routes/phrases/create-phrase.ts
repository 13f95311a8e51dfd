import type { Context } from "hono";
import { createQuickPhrase } from "../../../services/quick-phrases.js";
import type { AppEnv } from "../../env.js";
import { jsonBody } from "../../validate.js";
import type { RouteModule } from "../mount.js";
import { ownerOf, phraseFields, type PhraseScope } from "./owner.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PHRASE_CONTRACTS } from "../../contracts/phrases.js";

const CONTRACT = PHRASE_CONTRACTS["POST /phrases"];
export type CreatePhraseRequest = RequestOf<typeof CONTRACT>;
export type CreatePhraseResponse = ResponseOf<typeof CONTRACT>;

/** POST /phrases `{title, content}` → 201 `{phrase}`; 409 `too-many-phrases` past the cap. */
export function createPhraseRoute(scope: PhraseScope): RouteModule {
  return {
    route: { method: "POST", path: "/phrases" },
    async handler(c: Context<AppEnv>) {
      const fields = phraseFields(await jsonBody(c), false) as { title: string; content: string };
      const phrase = await createQuickPhrase({ ctx: c.var.ctx, input: { ...ownerOf(c, scope), ...fields } });
      return respond(c, CONTRACT, { phrase }, 201);
    },
  };
}
