import type { Context } from "hono";
import { deleteQuickPhrase } from "../../../services/quick-phrases.js";
import type { AppEnv } from "../../env.js";
import { idParam } from "../../validate.js";
import type { RouteModule } from "../mount.js";
import { ownerOf, type PhraseScope } from "./owner.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PHRASE_CONTRACTS } from "../../contracts/phrases.js";

const CONTRACT = PHRASE_CONTRACTS["DELETE /phrases/:id"];
export type DeletePhraseRequest = RequestOf<typeof CONTRACT>;
export type DeletePhraseResponse = ResponseOf<typeof CONTRACT>;

/** DELETE /phrases/:id → `{deleted: id}`; 404 when it is not the caller's (shop's or own). */
export function deletePhraseRoute(scope: PhraseScope): RouteModule {
  return {
    route: { method: "DELETE", path: "/phrases/:id" },
    async handler(c: Context<AppEnv>) {
      const id = idParam(c);
      await deleteQuickPhrase({ ctx: c.var.ctx, input: { ...ownerOf(c, scope), id } });
      return respond(c, CONTRACT, { deleted: id });
    },
  };
}
