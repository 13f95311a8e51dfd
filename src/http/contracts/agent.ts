/** The contracts of /api/agent/* (src/http/contract.ts): what an agent's console calls. */
import { z } from "@hono/zod-openapi";
import { Chat, IdParam, contracts, open, operation, StoredMessage, Time } from "../contract.js";

const ChatAnswer = z.object({ chat: Chat });
const Chats = z.object({ chats: z.array(Chat) });
const FlagAnswer = z.object({
  flag: z.object({ id: z.number().int(), chatId: z.number().int(), faqId: z.string().nullable(), agent: z.string(), note: z.string().nullable() }),
  created: z.boolean(),
});

export const AGENT_CONTRACTS = contracts(
  operation("GET", "/chats", { summary: "My chats (in my list)", response: { description: "the agent's chats, most urgent first", schema: Chats }, errors: [401] }),
  operation("GET", "/queue", { summary: "The shop's unassigned chats", response: { description: "waiting chats, most urgent first", schema: Chats }, errors: [401] }),
  operation("GET", "/chats/:id", {
    summary: "One chat with its messages, the bot's latest decision and flagged answers",
    params: IdParam,
    response: { description: "the chat", schema: open({ chat: Chat, messages: z.array(StoredMessage), decision: z.unknown().nullable(), flagged: z.array(z.unknown()) }) },
    errors: [400, 401, 404],
  }),
  operation("GET", "/chats/:id/context", {
    summary: "What the shop knows of the buyer's orders (the side panel)",
    params: IdParam,
    response: {
      description: "order records and order fields seen in the chat; empty is normal",
      schema: open({
        orders: z.array(open({ category: z.string(), kind: z.string().nullable(), orderId: z.string().nullable(), at: Time.nullable() })),
        fields: z.record(z.string(), z.string()).openapi({ description: "order-looking fields the platform sent with the buyer's messages, by path (goods.sku)" }),
      }),
    },
    errors: [400, 401, 404],
  }),
  operation("POST", "/chats/:id/claim", { summary: "Take a waiting chat", params: IdParam, response: { description: "the chat, now mine", schema: ChatAnswer }, errors: [400, 401, 404, 409] }),
  operation("POST", "/chats/:id/reply", {
    summary: "Reply to the buyer (stored, then delivered through the outbox)",
    params: IdParam,
    body: z.object({
      text: z.string().optional().openapi({ description: "the reply, 1–2000 characters; or instead an image or a card" }),
      // shapes checked by the route (src/http/reply-content.ts), whose refusals name the field and the reason
      image: z
        .unknown()
        .optional()
        .openapi({ description: "instead of text: `{url}`, an http(s) image URL; 501 image-not-supported where the platform's format is unknown", example: { url: "https://img.example.com/a.png" } }),
      card: z
        .unknown()
        .optional()
        .openapi({
          description: "instead of text: `{kind: order | goods | logistics, …its fields}`; 501 card-not-supported where the platform's format is unknown",
          example: { kind: "order", orderId: "TB2026001", amount: 129, status: "已发货" },
        }),
      ref: z.string().nullable().optional().openapi({ description: "a client-chosen idempotency key, 8–64 characters of A-Z a-z 0-9 _ -" }),
    }),
    response: { status: 201, description: "the reply and the chat", schema: z.object({ reply: open({ id: z.string().openapi({ description: "the reply event's id" }), text: z.string() }), chat: Chat }) },
    errors: [400, 401, 404, 409, 501],
  }),
  operation("POST", "/chats/:id/transfer", {
    summary: "Hand a chat to another agent",
    params: IdParam,
    body: z.object({ agent: z.string().openapi({ description: "the colleague's id (online, below their cap)" }) }),
    response: { description: "the chat, now theirs", schema: ChatAnswer },
    errors: [400, 401, 404, 409],
  }),
  operation("POST", "/chats/:id/release", { summary: "Put a chat back in the queue", params: IdParam, response: { description: "the chat, waiting again", schema: ChatAnswer }, errors: [400, 401, 404, 409] }),
  operation("POST", "/chats/:id/flag", {
    summary: "Flag a bot answer as wrong (for the FAQ's owner)",
    params: IdParam,
    body: z.object({
      msgId: z.string().optional().openapi({ description: "the bot message's id (or eventId)" }),
      eventId: z.number().int().optional(),
      note: z.string().nullable().optional().openapi({ description: "at most 500 characters" }),
    }),
    response: { description: "already flagged", schema: FlagAnswer },
    also: { 201: { description: "flagged", schema: FlagAnswer } },
    errors: [400, 401, 404],
  }),
  operation("GET", "/events", { summary: "The live feed of my chats (Server-Sent Events)", response: { description: "an event stream: chat changes as they happen", contentType: "text/event-stream", schema: z.string() }, errors: [401] }),
  operation("GET", "/search", {
    summary: "Search the shop's conversations of the last days (FTS5 trigram)",
    query: z.object({ query: z.string().optional().openapi({ description: "the words, 1–100 characters" }) }),
    response: {
      description: "matching conversations with their hits",
      schema: z.object({
        query: z.string(),
        days: z.number().int(),
        from: Time,
        index: z.enum(["fts5", "scan"]).openapi({ description: "how the text was searched: the FTS5 index, or a scan (short query, or no index here)" }),
        conversations: z.array(
          z.object({
            platform: z.string(),
            conversation: z.string(),
            lastAt: Time,
            matchedBy: z.array(z.enum(["buyer", "order", "text"])),
            hits: z.array(z.object({ at: Time, from: z.string(), text: z.string().nullable() })),
            chatId: z.number().int().optional().openapi({ description: "the conversation's chat, where it has one" }),
          }),
        ),
      }),
    },
    errors: [400, 401],
  }),
  operation("GET", "/history", {
    summary: "A conversation's days, or one day's messages",
    query: z.object({
      platform: z.string().optional().openapi({ description: "taobao, douyin or kuaishou (required)" }),
      conversation: z.string().optional().openapi({ description: "the conversation id (required, at most 256 characters)" }),
      day: z.string().optional().openapi({ description: "YYYY-MM-DD: that day's messages; absent: the list of days" }),
    }),
    response: {
      description: "the days (no `day`) or the day's messages",
      schema: z.object({
        platform: z.string(),
        conversation: z.string(),
        day: z.string().optional(),
        days: z
          .array(
            z.object({
              day: z.string(),
              messages: z.number().int(),
              buyerMessages: z.number().int(),
              firstAt: Time,
              lastAt: Time,
              firstBuyerText: z.string().nullable(),
              agents: z.array(z.string()).openapi({ description: "the agents' names" }),
            }),
          )
          .optional(),
        messages: z.array(StoredMessage).optional(),
      }),
    },
    errors: [400, 401],
  }),
  operation("GET", "/media/:platform/:msgId", {
    summary: "A message's image, fetched through the server (the pages allow no outside images)",
    params: z.object({ platform: z.string(), msgId: z.string() }),
    response: { description: "the image bytes", contentType: "image/*", schema: z.string().openapi({ format: "binary" }) },
    errors: [400, 401, 404],
  }),
);
