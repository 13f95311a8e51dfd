import type { Context } from "hono";
import { updateQuickPhrase } from "../../../services/quick-phrases.js";
import type { AppEnv } from "../../env.js";
import { idParam, jsonBody } from "../../validate.js";
import type { RouteModule } from "../mount.js";
import { ownerOf, phraseFields, type PhraseScope } from "./owner.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PHRASE_CONTRACTS } from "../../contracts/phrases.js";

const CONTRACT = PHRASE_CONTRACTS["PUT /phrases/:id"];
export type UpdatePhraseRequest = RequestOf<typeof CONTRACT>;
export type UpdatePhraseResponse = ResponseOf<typeof CONTRACT>;

/** PUT /phrases/:id `{title?, content?}` → `{phrase}`; 404 when it is not the caller's (shop's or own). */
export function updatePhraseRoute(scope: PhraseScope): RouteModule {
  return {
    route: { method: "PUT", path: "/phrases/:id" },
    async handler(c: Context<AppEnv>) {
      const id = idParam(c);
      const fields = phraseFields(await jsonBody(c), true);
      const phrase = await updateQuickPhrase({ ctx: c.var.ctx, input: { ...ownerOf(c, scope), id, ...fields } });
      return respond(c, CONTRACT, { phrase });
    },
  };
}
