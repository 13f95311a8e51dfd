/** The contracts of /api/admin/* (src/http/contract.ts): the shop owner's views and settings. */
import { z } from "@hono/zod-openapi";
import { AgentView, Chat, contracts, open, operation, ShopQuery, Time } from "../contract.js";

const AgentAnswer = z.object({ agent: AgentView });
// any value reaches the handler, whose refusal names its range (reason out-of-range), as before
const MaxConcurrent = z.unknown().openapi({ type: "integer", minimum: 1, description: "chats at once, 1 to the cap (default 5)" });
/** a rule's light on the dashboard */
const Light = z.enum(["green", "amber", "red", "grey"]);
/** a rule's figure and its light */
const Figure = open({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable(), status: Light });
const Day = z.string().optional().openapi({ description: "YYYY-MM-DD (platform time); default today" });
const FaqInfo = z.object({ version: z.string(), threshold: z.number() }).nullable();
const Deleted = open({ id: z.string(), deleted: z.literal(true), pending: z.boolean().optional() });
const Saved = open({
  id: z.string(),
  version: z.string().openapi({ description: "the version live for the shop (the one before the write while `pending`)" }),
  file: z.string().openapi({ description: "the file written, relative to the FAQ directory's parent" }),
  pending: z.boolean().optional(),
});

/** POST /faq/out-of-scope(/remove): which set's list, and the texts */
const OUT_OF_SCOPE_BODY = z.object({
  texts: z.array(z.string()).openapi({ description: "1 to 50 texts of at most 500 characters (trimmed; repeats ignored)" }),
  set: z.enum(["shop", "shared"]).optional().openapi({ description: "shop (default): the shop's own list, faq/shops/<shop>/_settings.yaml; shared: faq/_settings.yaml, every shop's (an admin of every shop only)" }),
});
const OutOfScopeSaved = open({
  set: z.enum(["shop", "shared"]),
  added: z.array(z.string()).openapi({ description: "texts the write added (already listed ones are not repeated)" }),
  removed: z.array(z.string()).openapi({ description: "texts the write removed" }),
  outOfScope: z.array(z.string()).openapi({ description: "the set's list as written" }),
  version: z.string().openapi({ description: "the version live for the shop: it contains the change unless `pending`" }),
  file: z.string().openapi({ description: "the settings file, relative to the FAQ directory's parent" }),
  pending: z.boolean().optional(),
});

/** the two out-of-scope writes: the same body and answer, adding or removing */
function outOfScopeOperation<const P extends string>(path: P, summary: string, nothing: string) {
  return operation("POST", path, {
    summary,
    query: z.object(ShopQuery),
    body: OUT_OF_SCOPE_BODY,
    response: { description: `written and live (or nothing ${nothing}: the live version)`, schema: OutOfScopeSaved },
    also: { 202: { description: "written; live once the FAQ is rebuilt", schema: OutOfScopeSaved } },
    errors: [400, 401, 403, 501],
  });
}

const FAQ_ENTRY = z
  .object({
    id: z.string().optional().openapi({ description: "must equal the path's id when given" }),
    question: z.string(),
    examples: z.array(z.string()).optional(),
    answer: z.string(),
    answers: z.record(z.string(), z.string()).optional().openapi({ description: "per platform: taobao, douyin, kuaishou" }),
    keywords: z.array(z.string()).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi("FaqEntry");

/** the try box, asked by GET ?q= or POST {text}: the same answer */
const TRY = {
  summary: "How a first message would be decided on each platform (the try box)",
  response: {
    description: "the FAQ's matches and the decision per platform",
    schema: z.object({
      text: z.string(),
      normalized: z.string().nullable(),
      faq: FaqInfo,
      platforms: z.array(
        z.object({
          platform: z.string(),
          enabled: z.boolean(),
          normalized: z.string().nullable(),
          confident: z.boolean(),
          matches: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), score: z.number() })),
          autoAnswer: z.boolean(),
          action: z.string(),
          reason: z.string(),
          sendInstant: z.boolean(),
          answer: z.string().nullable(),
        }),
      ),
    }),
  },
  errors: [400, 401, 403],
} as const;

export const ADMIN_CONTRACTS = contracts(
  operation("GET", "/queue", {
    summary: "Every open chat of the shop, most urgent first",
    query: z.object(ShopQuery),
    response: { description: "the open chats", schema: z.object({ shop: z.string(), chats: z.array(Chat) }) },
    errors: [401, 403],
  }),
  operation("GET", "/decisions", {
    summary: "The bot's decisions, newest first",
    query: z.object({ ...ShopQuery, conversation: z.string().optional(), message: z.string().optional().openapi({ description: "a message id" }) }),
    response: {
      description: "decisions with their message, reason and FAQ match",
      schema: z.object({
        shop: z.string(),
        decisions: z.array(
          z.object({
            message: z.object({ id: z.string(), at: Time, text: z.string().nullable() }),
            platform: z.string(),
            conversation: z.string(),
            action: z.string(),
            reason: z.string(),
            reasonLabel: z.string().openapi({ description: "the reason in the words the console and dashboard show" }),
            faq: z.object({ id: z.string(), score: z.number().nullable(), confident: z.boolean().nullable(), version: z.string().nullable() }).nullable(),
            answer: z.string().nullable(),
            clockRuns: z.boolean().nullable(),
            deadlineAt: Time.nullable(),
            instantSent: z.boolean().nullable(),
          }),
        ),
      }),
    },
    errors: [401, 403],
  }),
  operation("POST", "/compliance/rebuild", {
    summary: "Fold the compliance figures again from the stored events",
    query: z.object(ShopQuery),
    response: { description: "how many conversation-days were folded", schema: open({ shop: z.string(), folded: z.unknown() }) },
    errors: [401, 403],
  }),
  operation("GET", "/agents", {
    summary: "The shop's agents with presence and load",
    query: z.object(ShopQuery),
    response: {
      description: "the agents; `editable`: whether the dashboard may add and change them (not on Workers)",
      schema: z.object({ shop: z.string(), editable: z.boolean(), agents: z.array(open({ id: z.string(), name: z.string(), online: z.boolean(), chats: z.number().int(), maxConcurrent: z.number().int(), disabled: z.boolean() })) }),
    },
    errors: [401, 403],
  }),
  operation("POST", "/agents", {
    summary: "Add an agent; its token is shown once",
    query: z.object(ShopQuery),
    body: z.object({ id: z.string().openapi({ description: "1–32 characters" }), name: z.string().openapi({ description: "1–20 characters" }), maxConcurrent: MaxConcurrent.optional() }),
    response: { status: 201, description: "the agent and its token (stored only as SHA-256)", schema: z.object({ agent: AgentView, token: z.string() }) },
    errors: [400, 401, 403, 409, 503],
  }),
  operation("PUT", "/agents/:id", {
    summary: "Rename, change the cap of, disable or enable an agent",
    params: z.object({ id: z.string() }),
    query: z.object(ShopQuery),
    body: z.object({ name: z.string().optional(), maxConcurrent: MaxConcurrent.optional(), disabled: z.boolean().optional() }),
    response: { description: "the agent", schema: AgentAnswer },
    errors: [400, 401, 403, 404, 503],
  }),
  operation("POST", "/agents/:id/token", {
    summary: "Give an agent a new token (the old one stops working)",
    params: z.object({ id: z.string() }),
    query: z.object(ShopQuery),
    response: { description: "the agent and its new token, shown once", schema: z.object({ agent: AgentView, token: z.string() }) },
    errors: [401, 403, 404, 503],
  }),
  operation("GET", "/dashboard", {
    summary: "The dashboard's figures: each rule's rate and light, the chats at risk",
    query: z.object({ ...ShopQuery, rule: z.string().optional(), day: Day, riskOffset: z.string().optional().openapi({ description: "a number: paging of the chats at risk" }) }),
    response: {
      description: "the day's figures",
      schema: open({
        rules: z.array(
          open({
            rule: z.string(),
            name: z.string(),
            platform: z.string(),
            status: Light,
            today: Figure,
            last30: Figure,
            days: z.array(z.unknown()).openapi({ description: "the rule's figure per day of the last 30" }),
          }),
        ),
        atRisk: z.array(Chat),
        late: open({ items: z.array(z.unknown()) }),
        lateByHour: open({ byHour: z.array(z.number()).openapi({ description: "late items per hour of the day (24)" }) }),
        freshness: open({ upToDate: z.boolean(), eventsNotYetFolded: z.number().int(), foldedUpTo: z.string().nullable() }),
      }),
    },
    errors: [400, 401, 403],
  }),
  operation("GET", "/dashboard/events", {
    summary: "The dashboard's live feed (Server-Sent Events)",
    query: z.object(ShopQuery),
    response: { description: "an event stream of changes", contentType: "text/event-stream", schema: z.string() },
    errors: [401, 403],
  }),
  operation("GET", "/dashboard/try", { ...TRY, query: z.object({ ...ShopQuery, q: z.string().optional().openapi({ description: "the message, 1–2000 characters" }) }) }),
  operation("POST", "/dashboard/try", { ...TRY, query: z.object(ShopQuery), body: z.object({ text: z.string() }) }),
  operation("GET", "/bot", {
    summary: "The bot's report: answered, routed, flagged answers, unanswered questions grouped",
    query: z.object({ ...ShopQuery, day: Day, days: z.string().optional().openapi({ description: "1–31, the days ending with `day`" }) }),
    response: {
      description: "the report",
      schema: z.object({
        shop: z.string(),
        day: z.string(),
        days: z.number().int(),
        from: Time,
        to: Time,
        faq: FaqInfo,
        answered: z.number().int(),
        routed: z.object({ total: z.number().int(), byReason: z.array(z.object({ reason: z.string(), label: z.string(), count: z.number().int() })) }),
        flags: z.array(z.unknown()).openapi({ description: "the agents' flags of wrong answers, newest first" }),
        unanswered: z.object({
          messages: z.number().int(),
          truncated: z.boolean(),
          groupsTotal: z.number().int(),
          groups: z.array(
            z.object({
              size: z.number().int(),
              conversations: z.number().int(),
              faqId: z.string().nullable(),
              faqScore: z.number().nullable(),
              lastAt: Time,
              examples: z.array(z.object({ text: z.string().nullable(), at: Time, platform: z.string(), conversation: z.string() })),
            }),
          ),
        }),
      }),
    },
    errors: [400, 401, 403],
  }),
  operation("GET", "/faq", {
    summary: "The shop's FAQ entries (shared and its own) and the files' errors",
    query: z.object(ShopQuery),
    response: {
      description: "the entries",
      schema: open({
        shop: z.string(),
        version: z.string(),
        threshold: z.number(),
        entries: z.array(open({ id: z.string(), question: z.string(), origin: z.enum(["shared", "shop"]) })),
        outOfScope: z.object({ shared: z.array(z.string()), shop: z.array(z.string()) }).openapi({ description: "the live 不回答的问题: the shared set's and the shop's own" }),
        errors: z.array(open({ file: z.string(), line: z.number().int(), message: z.string(), zh: z.string() })),
      }),
    },
    errors: [401, 403],
  }),
  operation("GET", "/faq/entries/:id", {
    summary: "One FAQ entry with where it is written",
    params: z.object({ id: z.string() }),
    query: z.object(ShopQuery),
    response: { description: "the entry", schema: open({ id: z.string(), question: z.string(), examples: z.array(z.string()), answer: z.string(), enabled: z.boolean() }) },
    errors: [401, 403, 404],
  }),
  operation("PUT", "/faq/entries/:id", {
    summary: "Create or replace the shop's entry (validated like `faq check`, live on return)",
    params: z.object({ id: z.string() }),
    query: z.object(ShopQuery),
    body: FAQ_ENTRY,
    bodyCheckedBy: "the FAQ files' parser (problems with file, line and Chinese text)",
    response: { description: "saved and live", schema: Saved },
    also: { 202: { description: "saved; live once the FAQ is rebuilt", schema: Saved } },
    errors: [400, 401, 403, 503],
  }),
  operation("DELETE", "/faq/entries/:id", {
    summary: "Delete the shop's own entry, or revert its change of a shared one",
    params: z.object({ id: z.string() }),
    query: z.object(ShopQuery),
    response: { description: "deleted", schema: Deleted },
    also: { 202: { description: "deleted; live once the FAQ is rebuilt", schema: Deleted } },
    errors: [400, 401, 403, 404, 503],
  }),
  outOfScopeOperation("/faq/out-of-scope", "Add texts to a set's 不回答的问题 (out of scope): a message at least as close to one as to any text of the top entry goes to a person", "to add"),
  outOfScopeOperation("/faq/out-of-scope/remove", "Remove texts from a set's 不回答的问题", "to remove"),
  operation("POST", "/faq/try", {
    summary: "Match a message against the shop's FAQ",
    query: z.object(ShopQuery),
    body: z.object({ text: z.string(), platform: z.string().optional().openapi({ description: "taobao, douyin or kuaishou" }) }),
    response: {
      description: "the matches",
      schema: z.object({
        version: z.string(),
        threshold: z.number(),
        normalized: z.string().openapi({ description: "the text after normalisation" }),
        matches: z.array(z.object({ entryId: z.string(), question: z.string(), answer: z.string(), score: z.number() })).openapi({ description: "best first" }),
        confident: z.boolean().openapi({ description: "the top match clears the auto-answer threshold" }),
      }),
    },
    errors: [400, 401, 403],
  }),
);
