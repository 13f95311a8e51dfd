/** The contracts of the pages and the app's own routes (src/http/contract.ts): HTML, assets, the document itself. */
import { z } from "@hono/zod-openapi";
import { contracts, operation } from "../contract.js";

const Html = { contentType: "text/html", schema: z.string() };

export const PAGE_CONTRACTS = contracts(
  operation("GET", "/", { summary: "The landing page", response: { description: "HTML", ...Html } }),
  operation("GET", "/console", { summary: "The agents' console (坐席工作台)", response: { description: "HTML", ...Html } }),
  operation("GET", "/dashboard", {
    summary: "The shop owner's dashboard",
    query: z.object({ shop: z.string().optional().openapi({ description: "the shop shown first" }), rule: z.string().optional().openapi({ description: "the rule shown first" }) }),
    response: { description: "HTML", ...Html },
  }),
  operation("GET", "/ui/assets/:name", {
    summary: "A script or stylesheet of the pages (`?v=<hash>`: cached for good)",
    params: z.object({ name: z.string() }),
    query: z.object({ v: z.string().optional() }),
    response: { description: "the asset", contentType: "text/plain", schema: z.string() },
    errors: [404],
  }),
  operation("GET", "/api/dashboard/shops", {
    summary: "The shops an admin token covers (the dashboard's shop picker)",
    response: { description: "the shops", schema: z.object({ shops: z.array(z.object({ id: z.string(), name: z.string(), platforms: z.array(z.string()) })) }) },
    errors: [401],
  }),
  operation("GET", "/openapi.json", { summary: "This document (OpenAPI 3.1)", response: { description: "the document", schema: z.object({ openapi: z.string() }).catchall(z.unknown()) } }),
  operation("GET", "/docs", { summary: "The API reference page, rendered from /openapi.json", response: { description: "HTML", ...Html } }),
  operation("GET", "/docs/reference.js", { summary: "The reference page's script", response: { description: "JavaScript", contentType: "text/javascript", schema: z.string() } }),
);
