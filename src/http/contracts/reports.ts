/** The contracts of /api/stats* (compliance figures) and /api/plan* (planning), src/http/contract.ts. */
import { z } from "@hono/zod-openapi";
import { contracts, open, operation, ShopQuery } from "../contract.js";

const Rule = z.string().openapi({ description: "a rule id, e.g. kuaishou.shop-5min" });

export const STATS_CONTRACTS = contracts(
  operation("GET", "/", {
    summary: "The shop's compliance figures (the JSON of `report --json`) and their freshness",
    query: z.object({ ...ShopQuery, rule: Rule.optional().openapi({ description: "may repeat or be comma-separated; none: every rule" }), to: z.string().optional().openapi({ description: "YYYY-MM-DD, the last day" }) }),
    response: { description: "the figures", schema: open({ results: z.array(open({ rule: z.string(), from: z.string(), to: z.string() })), freshness: z.unknown() }) },
    errors: [400, 401, 403],
  }),
  operation("GET", "/explain", {
    summary: "The items behind one rule's figure on one day",
    query: z.object({ ...ShopQuery, rule: Rule.optional().openapi({ description: "required" }), day: z.string().optional().openapi({ description: "YYYY-MM-DD, required" }) }),
    response: { description: "each assessed item and how it counted", schema: open({ shop: z.string(), rule: z.string(), day: z.string(), items: z.array(z.unknown()) }) },
    errors: [400, 401, 403],
  }),
);

export const PLAN_CONTRACTS = contracts(
  operation("GET", "/forecast", {
    summary: "The staffing forecast from the stored history (the JSON of `forecast --json`)",
    query: z.object({
      ...ShopQuery,
      rule: Rule.optional().openapi({ description: "required" }),
      target: z.string().optional().openapi({ description: "a rate between 0 and 1, required" }),
      bot: z.string().optional().openapi({ description: "on (default) or off" }),
      model: z.string().optional().openapi({ description: "sim (default) or erlang-c" }),
      concurrency: z.string().optional().openapi({ description: "chats an agent holds at once, a whole number ≥ 1 (default 3)" }),
      peakFactor: z.string().optional().openapi({ description: "a number > 0 (default 1)" }),
      ahtSeconds: z.string().optional().openapi({ description: "handling seconds per chat, instead of the measured" }),
      firstReplySeconds: z.string().optional().openapi({ description: "seconds to the first reply, instead of the measured" }),
    }),
    response: {
      description: "agents needed per slot",
      schema: z.object({
        rule: z.string(),
        target: z.number(),
        slots: z.array(
          open({
            weekday: z.number().int(),
            start: z.string(),
            arrivalsPerHour: z.number().nullable(),
            botShare: z.number().nullable(),
            ahtSeconds: z.number().nullable(),
            agents: z.number().nullable(),
            expectedRate: z.number().nullable(),
            note: z.string().nullable(),
            scheduled: z.number().nullable().openapi({ description: "the agents measured at work in the slot" }),
          }),
        ),
      }),
    },
    errors: [400, 401, 403],
  }),
  operation("GET", "/whatif", {
    summary: "What the figures would have been with the bot off, replaying the stored history",
    query: z.object({ ...ShopQuery, days: z.string().optional().openapi({ description: "the days replayed, default 7" }) }),
    response: {
      description: "the comparison",
      schema: z.object({
        from: z.string(),
        to: z.string(),
        decisions: z.number().int(),
        results: z
          .array(
            open({
              rule: z.string(),
              platform: z.string(),
              from: z.string(),
              to: z.string(),
              actual: open({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() }),
              withBot: open({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() }),
              penaltiesAvoided: z.array(z.string()),
              penaltiesIncurred: z.array(z.string()),
            }),
          )
          .openapi({ description: "per rule and period: the figure as it was and as it would have been" }),
        noChange: z.array(z.object({ platform: z.string(), reason: z.string() })),
        answered: z.array(z.object({ platform: z.string(), conversation: z.string(), at: z.string(), text: z.string().nullable(), kind: z.string(), faqId: z.string().nullable(), answer: z.string() })),
        answeredTotal: z.number().int(),
      }),
    },
    errors: [400, 401, 403],
  }),
);
