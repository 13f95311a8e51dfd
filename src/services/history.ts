/**
 * History and search (docs/ui.md "History and search"): a buyer's past days of conversation
 * for the console's side panel, and search over the shop's last 30 days by buyer, order id or
 * message text. Every query names the shop.
 *
 * Text search uses the FTS5 index `events_fts` (migration 0003, trigram tokenizer: Chinese has
 * no spaces, so words are found as 3-character runs). Queries of one or two characters, which
 * a trigram index cannot answer, and any runtime where the index is unavailable, fall back to
 * a scan of the shop's 30 days (`index: "scan"`, said in the answer): slower, same results.
 */
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { DAY_MS, dayKeyOfNumber, dayNumber, dayStartMs, SHANGHAI_OFFSET_MS } from "../core/time.js";
import { chats, events } from "../store/schema/index.js";
import type { ServiceContext } from "./context.js";

export const SEARCH_DAYS = 30;
/** conversations answered per search; messages read per source */
const MAX_CONVERSATIONS = 50;
const MAX_ROWS = 500;
const HITS_PER_CONVERSATION = 3;

export type MatchKind = "buyer" | "order" | "text";

export interface SearchHit {
  at: number;
  from: string;
  text: string | null;
}

export interface SearchConversation {
  platform: string;
  conversation: string;
  lastAt: number;
  matchedBy: MatchKind[];
  hits: SearchHit[];
  /** the conversation's chat (the console opens it when it is in the agent's list) */
  chatId?: number;
}

export interface SearchResult {
  query: string;
  from: number;
  /** how the text was searched: the FTS5 index, or a scan (short query, or no index here) */
  index: "fts5" | "scan";
  conversations: SearchConversation[];
}

interface Row {
  platform: string;
  conversation: string;
  at: number;
  from: string;
  text: string | null;
}

/** An FTS5 phrase: the query as one quoted string (its quotes doubled), no operators. */
function ftsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

/**
 * The last events.seq the FTS5 index covers (db/0010_search_index_batches.sql: the index is
 * written in batches of 64 events, by the insert of every 64th); later events are scanned.
 */
const INDEXED_SEQ = sql`coalesce((select indexed_seq from search_index_state where id = 'events'), 0)`;

async function textRows(ctx: ServiceContext, shop: string, q: string, from: number): Promise<{ rows: Row[]; index: "fts5" | "scan" }> {
  if ([...q].length >= 3) {
    try {
      // the index up to its last batch, and the few events stored since, scanned by seq (the
      // primary key): a message is found as soon as its unit has committed
      const rows = await ctx.db.all<Row>(sql`
        select platform, conversation, at, "from", text from (
          select e.platform, e.conversation, e.at, e."from" as "from", e.text
          from events_fts f join events e on e.seq = f.rowid
          where events_fts match ${ftsPhrase(q)} and e.shop = ${shop} and e.at >= ${from}
          union all
          select platform, conversation, at, "from" as "from", text from events
          where seq > ${INDEXED_SEQ} and shop = ${shop} and at >= ${from} and text is not null and instr(lower(text), lower(${q})) > 0
        )
        order by at desc limit ${MAX_ROWS}`);
      return { rows, index: "fts5" };
    } catch (err) {
      // no FTS5 here (an older database, a SQLite without the module): the scan still answers
      ctx.log.warn("message search: FTS5 index unavailable, scanning", { error: err instanceof Error ? err.message : String(err) });
    }
  }
  const rows = await ctx.db.all<Row>(sql`
    select platform, conversation, at, "from" as "from", text from events
    where shop = ${shop} and at >= ${from} and text is not null and instr(lower(text), lower(${q})) > 0
    order by at desc limit ${MAX_ROWS}`);
  return { rows, index: "scan" };
}

/** An order id the platforms pushed (order/refund records) or sent with a message (extra fields). */
async function orderRows(ctx: ServiceContext, shop: string, q: string, from: number): Promise<Row[]> {
  const records = await ctx.db.all<Row>(sql`
    select platform, buyer as conversation, coalesce(at, ${from}) as at, 'platform' as "from", kind as text from platform_records
    where shop = ${shop} and buyer is not null and order_id is not null and instr(order_id, ${q}) > 0 and coalesce(at, ${from}) >= ${from}
    order by seq desc limit ${MAX_ROWS}`);
  const messages = await ctx.db.all<Row>(sql`
    select platform, conversation, at, "from" as "from", text from events
    where shop = ${shop} and at >= ${from} and extra is not null and instr(extra, ${q}) > 0
    order by at desc limit ${MAX_ROWS}`);
  return [...records, ...messages];
}

/**
 * Conversations of the shop's last 30 days whose buyer id contains the query, that mention it
 * as an order id, or whose messages contain it; newest first, with up to three matching messages.
 */
export async function searchConversations({ ctx, input }: { ctx: ServiceContext; input: { shop: string; query: string } }): Promise<SearchResult> {
  const q = input.query.trim();
  const from = ctx.now() - SEARCH_DAYS * DAY_MS;
  const found = new Map<string, SearchConversation>();
  const add = (r: Row, kind: MatchKind, hit: boolean) => {
    const key = `${r.platform}\u0000${r.conversation}`;
    let c = found.get(key);
    if (!c) found.set(key, (c = { platform: r.platform, conversation: r.conversation, lastAt: r.at, matchedBy: [], hits: [] }));
    if (!c.matchedBy.includes(kind)) c.matchedBy.push(kind);
    c.lastAt = Math.max(c.lastAt, r.at);
    if (hit && c.hits.length < HITS_PER_CONVERSATION) c.hits.push({ at: r.at, from: r.from, text: r.text });
  };

  // buyers, by id or nickname: one chat row per conversation, its last buyer message inside the window
  const buyers = await ctx.db.all<Row>(sql`
    select platform, conversation, coalesce(last_buyer_at, updated_at) as at, 'buyer' as "from", last_text as text from chats
    where shop = ${input.shop} and (instr(lower(conversation), lower(${q})) > 0 or instr(lower(coalesce(buyer_nick, '')), lower(${q})) > 0)
      and coalesce(last_buyer_at, updated_at) >= ${from}
    order by at desc limit ${MAX_CONVERSATIONS}`);
  for (const r of buyers) add(r, "buyer", false);
  // order ids are Latin letters and digits; Chinese text is never one
  if (/^[A-Za-z0-9_-]{4,64}$/.test(q)) for (const r of await orderRows(ctx, input.shop, q, from)) add(r, "order", r.from !== "platform");
  const text = await textRows(ctx, input.shop, q, from);
  for (const r of text.rows) add(r, "text", true);

  const conversations = [...found.values()].sort((a, b) => b.lastAt - a.lastAt).slice(0, MAX_CONVERSATIONS);
  for (const c of conversations) {
    const [chat] = await ctx.db
      .select({ id: chats.id })
      .from(chats)
      .where(and(eq(chats.shop, input.shop), eq(chats.platform, c.platform), eq(chats.conversation, c.conversation)))
      .limit(1);
    if (chat) c.chatId = chat.id;
  }
  return { query: q, from, index: text.index, conversations };
}

export interface HistoryDay {
  day: string;
  messages: number;
  buyerMessages: number;
  firstAt: number;
  lastAt: number;
  /** the day's first buyer message, to recognise it by */
  firstBuyerText: string | null;
  agents: string[];
}

// written into the SQL, not bound: a bound JS number may arrive as a REAL, and the division
// must be SQLite's integer one
const DAY_OFFSET = sql.raw(String(SHANGHAI_OFFSET_MS));
const DAY_LENGTH = sql.raw(String(DAY_MS));

/** A buyer's conversation by platform day over the last 30 days, newest day first. */
export async function listHistoryDays({ ctx, input }: { ctx: ServiceContext; input: { shop: string; platform: string; conversation: string } }): Promise<HistoryDay[]> {
  const from = dayStartMs(dayNumber(ctx.now()) - SEARCH_DAYS + 1);
  const rows = await ctx.db.all<{ dayNo: number; messages: number; buyerMessages: number; firstAt: number; lastAt: number; agents: string | null }>(sql`
    select (at + ${DAY_OFFSET}) / ${DAY_LENGTH} as "dayNo", count(*) as messages, sum(case when "from" = 'buyer' then 1 else 0 end) as "buyerMessages",
      min(at) as "firstAt", max(at) as "lastAt", group_concat(distinct agent) as agents
    from events
    where shop = ${input.shop} and platform = ${input.platform} and conversation = ${input.conversation} and at >= ${from} and type = 'message'
    group by "dayNo" order by "dayNo" desc`);
  const out: HistoryDay[] = [];
  for (const r of rows) {
    const [first] = await ctx.db.all<{ text: string | null }>(sql`
      select text from events where shop = ${input.shop} and platform = ${input.platform} and conversation = ${input.conversation}
        and at >= ${dayStartMs(r.dayNo)} and at < ${dayStartMs(r.dayNo + 1)} and "from" = 'buyer' order by at, seq limit 1`);
    out.push({
      day: dayKeyOfNumber(r.dayNo),
      messages: r.messages,
      buyerMessages: r.buyerMessages,
      firstAt: r.firstAt,
      lastAt: r.lastAt,
      firstBuyerText: first?.text ?? null,
      agents: r.agents ? r.agents.split(",") : [],
    });
  }
  return out;
}

/** One day of a buyer's conversation, oldest first (at most 500 messages). */
export async function listHistoryMessages({ ctx, input }: { ctx: ServiceContext; input: { shop: string; platform: string; conversation: string; day: number } }) {
  return ctx.db
    .select()
    .from(events)
    .where(and(eq(events.shop, input.shop), eq(events.platform, input.platform), eq(events.conversation, input.conversation), gte(events.at, dayStartMs(input.day)), lt(events.at, dayStartMs(input.day + 1))))
    .orderBy(asc(events.at), asc(events.seq))
    .limit(MAX_ROWS);
}
