/** The contracts of the quick phrases (快捷短语), mounted under /api/admin (the shop's) and /api/agent (an agent's own). */
import { z } from "@hono/zod-openapi";
import { contracts, IdParam, operation, Phrase } from "../contract.js";

export const PHRASE_CONTRACTS = contracts(
  operation("GET", "/phrases", {
    summary: "The quick phrases (an agent gets the shop's and their own, and the FAQ's answers)",
    response: {
      description: "the phrases",
      schema: z.object({
        phrases: z.array(Phrase),
        faq: z
          .array(z.object({ id: z.string(), question: z.string(), answer: z.string(), answers: z.record(z.string(), z.string()) }))
          .optional()
          .openapi({ description: "an agent's list only: the shop's enabled FAQ answers, with their per-platform variants" }),
      }),
    },
    errors: [401],
  }),
  operation("POST", "/phrases", {
    summary: "Add a quick phrase",
    body: z.object({ title: z.string().openapi({ description: "its name in the picker" }), content: z.string().openapi({ description: "the text sent" }) }),
    response: { status: 201, description: "the phrase", schema: z.object({ phrase: Phrase }) },
    errors: [400, 401, 409],
  }),
  operation("PUT", "/phrases/:id", {
    summary: "Change a quick phrase (title, content or both)",
    params: IdParam,
    body: z.object({ title: z.string().optional(), content: z.string().optional() }),
    response: { description: "the phrase", schema: z.object({ phrase: Phrase }) },
    errors: [400, 401, 404],
  }),
  operation("DELETE", "/phrases/:id", { summary: "Delete a quick phrase", params: IdParam, response: { description: "deleted", schema: z.object({ deleted: z.number().int() }) }, errors: [400, 401, 404] }),
);
