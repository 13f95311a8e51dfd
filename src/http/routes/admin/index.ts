/** /api/admin/*: the shop owner's views. Every route needs an admin token of the shop. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { requireAdmin } from "../../middleware/auth.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";
import { PHRASE_CONTRACTS } from "../../contracts/phrases.js";
import { ADMIN_ATTENTION_CONTRACTS } from "../../contracts/attention.js";
import { ownContracts } from "../../contract.js";
import * as getAttention from "../attention/get-attention.js";
import * as updateAttention from "../attention/update-attention.js";
import { mount } from "../mount.js";
import { phraseRouteModules } from "../phrases/index.js";
import * as botReport from "./bot-report.js";
import * as createAgent from "./create-agent.js";
import * as dashboard from "./dashboard.js";
import * as dashboardEvents from "./dashboard-events.js";
import * as dashboardTry from "./dashboard-try.js";
import { faqRouteModules } from "./faq/index.js";
import * as listAgents from "./list-agents.js";
import * as listDecisions from "./list-decisions.js";
import * as listEscalations from "./list-escalations.js";
import * as listOutbox from "./list-outbox.js";
import * as listQueue from "./list-queue.js";
import * as rebuildCompliance from "./rebuild-compliance.js";
import * as retokenAgent from "./retoken-agent.js";
import * as retryOutbox from "./retry-outbox.js";
import * as updateAgent from "./update-agent.js";

export const ADMIN_ROUTE_MODULES = [
  listQueue,
  listDecisions,
  listEscalations,
  listOutbox,
  retryOutbox,
  rebuildCompliance,
  listAgents,
  createAgent,
  updateAgent,
  retokenAgent,
  dashboard,
  dashboardEvents,
  dashboardTry,
  botReport,
  ...faqRouteModules,
  ...phraseRouteModules("shop"),
  getAttention,
  updateAttention,
];

/** every route's contract by `METHOD path`: the group's (src/http/contracts/) and the modules' own */
export const ADMIN_ROUTE_CONTRACTS = { ...ADMIN_CONTRACTS, ...PHRASE_CONTRACTS, ...ADMIN_ATTENTION_CONTRACTS, ...ownContracts(listEscalations, listOutbox, retryOutbox) };

export function adminRoutes() {
  const app = new Hono<AppEnv>();
  app.use("*", requireAdmin);
  mount(app, ADMIN_ROUTE_MODULES, ADMIN_ROUTE_CONTRACTS);
  return app;
}
