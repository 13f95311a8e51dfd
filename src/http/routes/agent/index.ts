/** /api/agent/*: what an agent's console calls. Every route needs an agent token. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { requireAgent } from "../../middleware/auth.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";
import { PHRASE_CONTRACTS } from "../../contracts/phrases.js";
import { AGENT_ATTENTION_CONTRACTS } from "../../contracts/attention.js";
import { ownContracts } from "../../contract.js";
import * as getAttention from "../attention/get-attention.js";
import { mount } from "../mount.js";
import { phraseRouteModules } from "../phrases/index.js";
import * as chatContext from "./chat-context.js";
import * as claimChat from "./claim-chat.js";
import * as events from "./events.js";
import * as flagChat from "./flag-chat.js";
import * as getChat from "./get-chat.js";
import * as history from "./history.js";
import * as listChats from "./list-chats.js";
import * as listQueue from "./list-queue.js";
import * as me from "./me.js";
import * as messageImage from "./message-image.js";
import * as releaseChat from "./release-chat.js";
import * as replyChat from "./reply-chat.js";
import * as search from "./search.js";
import * as setStatus from "./set-status.js";
import * as transferChat from "./transfer-chat.js";

export const AGENT_ROUTE_MODULES = [
  me,
  setStatus,
  listChats,
  listQueue,
  getChat,
  chatContext,
  claimChat,
  replyChat,
  transferChat,
  releaseChat,
  flagChat,
  events,
  search,
  history,
  messageImage,
  getAttention,
  ...phraseRouteModules("personal"),
];

/** every route's contract by `METHOD path`: the group's (src/http/contracts/) and the modules' own */
export const AGENT_ROUTE_CONTRACTS = { ...AGENT_CONTRACTS, ...PHRASE_CONTRACTS, ...AGENT_ATTENTION_CONTRACTS, ...ownContracts(me, setStatus) };

export function agentRoutes() {
  const app = new Hono<AppEnv>();
  app.use("*", requireAgent);
  mount(app, AGENT_ROUTE_MODULES, AGENT_ROUTE_CONTRACTS);
  return app;
}
