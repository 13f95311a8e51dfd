/**
 * /api/admin/phrases* (the shop's 快捷短语) and /api/agent/phrases* (an agent's own, and the
 * picker's list): the same four operations, mounted by each router behind its own auth.
 */
import type { RouteModule } from "../mount.js";
import { createPhraseRoute } from "./create-phrase.js";
import { deletePhraseRoute } from "./delete-phrase.js";
import { listPhrasesRoute } from "./list-phrases.js";
import type { PhraseScope } from "./owner.js";
import { updatePhraseRoute } from "./update-phrase.js";

export function phraseRouteModules(scope: PhraseScope): RouteModule[] {
  return [listPhrasesRoute(scope), createPhraseRoute(scope), updatePhraseRoute(scope), deletePhraseRoute(scope)];
}
