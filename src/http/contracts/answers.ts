/**
 * The API answers the dashboard's scripts (src/http/pages/assets/*.ts) read, as types: each one
 * is the route's own, so a field renamed on the server fails `tsc` in the script that reads it.
 * Types only: the scripts `import type` from here and esbuild erases it, so nothing of the
 * server reaches the browser.
 *
 * Where the route's contract describes its answer in full, the type is the schema's (z.infer);
 * where the contract still declares an open object (the dashboard, the bot report, the FAQ,
 * the plan), it is what the handler gives `c.json` (hono's TypedResponse, JSON-parsed), so the
 * type cannot drift from the code that answers either.
 */
import type { z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import type { FaqEntryView } from "../../core/faq/editor.js";
import type { QuickPhrase } from "../../services/quick-phrases.js";
import type { handler as botReport } from "../routes/admin/bot-report.js";
import type { handler as createAgent } from "../routes/admin/create-agent.js";
import type { handler as dashboard } from "../routes/admin/dashboard.js";
import type { handler as dashboardShops } from "../routes/admin/dashboard-shops.js";
import type { handler as dashboardTry } from "../routes/admin/dashboard-try.js";
import type { handler as addOutOfScope } from "../routes/admin/faq/add-out-of-scope.js";
import type { handler as deleteFaqEntry } from "../routes/admin/faq/delete-entry.js";
import type { handler as listFaqEntries } from "../routes/admin/faq/list-entries.js";
import type { handler as putFaqEntry } from "../routes/admin/faq/put-entry.js";
import type { handler as listAgents } from "../routes/admin/list-agents.js";
import type { ListOutboxResponse } from "../routes/admin/list-outbox.js";
import type { handler as forecast } from "../routes/plan/get-forecast.js";
import type { handler as whatIf } from "../routes/plan/get-whatif.js";
import type { AttentionView } from "./attention.js";

/** The JSON body a handler answers with: what its `c.json(…)` was given, as the browser parses it. */
type AnswerOf<H extends (...args: never[]) => unknown> = BodyOf<Awaited<ReturnType<H>>>;
// distributive: a handler with two c.json calls answers either body
type BodyOf<R> = R extends TypedResponse<infer T, infer _Status, infer _Format> ? T : never;

/** GET /api/admin/dashboard */
export type DashboardAnswer = AnswerOf<typeof dashboard>;
export type DashboardRule = DashboardAnswer["rules"][number];
export type DashboardLateItem = DashboardAnswer["late"]["items"][number];
/** GET /api/dashboard/shops */
export type ShopsAnswer = AnswerOf<typeof dashboardShops>;
/** GET /api/admin/outbox */
export type OutboxAnswer = ListOutboxResponse;
export type OutboxItem = OutboxAnswer["items"][number];
/** POST /api/admin/dashboard/try */
export type TryAnswer = AnswerOf<typeof dashboardTry>;

/** GET /api/admin/faq */
export type FaqListAnswer = AnswerOf<typeof listFaqEntries>;
/** An entry as GET /api/admin/faq lists it (origin, override, where it is written). */
export type FaqEntry = FaqEntryView;
/** A problem of the FAQ files or of a submitted entry, with its Chinese (`zh`). */
export type FaqProblem = FaqListAnswer["errors"][number];
/** PUT and DELETE /api/admin/faq/entries/:id */
export type FaqSaved = AnswerOf<typeof putFaqEntry>;
export type FaqDeleted = AnswerOf<typeof deleteFaqEntry>;
/** POST /api/admin/faq/out-of-scope (and …/remove) */
export type OutOfScopeSaved = AnswerOf<typeof addOutOfScope>;

/** GET /api/admin/bot */
export type BotAnswer = AnswerOf<typeof botReport>;
/** A flagged answer as the bot panel's 答错报告 lists it. */
export type BotFlag = BotAnswer["flags"][number];
export type UnansweredGroup = BotAnswer["unanswered"]["groups"][number];

/** GET /api/plan/forecast and /api/plan/whatif */
export type ForecastAnswer = AnswerOf<typeof forecast>;
export type ForecastSlot = ForecastAnswer["slots"][number];
export type WhatIfAnswer = AnswerOf<typeof whatIf>;

/** GET /api/admin/agents; POST /api/admin/agents and …/:id/token (the new token, shown once) */
export type AgentsAnswer = AnswerOf<typeof listAgents>;
export type ManagedAgent = AgentsAnswer["agents"][number];
export type AgentWithToken = AnswerOf<typeof createAgent>;

/** GET and PUT /api/admin/attention */
export type AttentionAnswer = z.infer<typeof AttentionView>;

/** GET /api/{admin,agent}/phrases (the phrases; an agent's list also holds the FAQ's answers) */
export interface PhrasesAnswer {
  phrases: QuickPhrase[];
}
