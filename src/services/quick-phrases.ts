/**
 * 快捷短语 (docs/ui.md "快捷短语"): the shop's phrases, kept by its admins, and each agent's
 * own. Every query names the shop, and personal phrases also their agent, so neither an agent
 * of another shop nor a colleague can read, change or delete them (a miss is a 404, the same
 * as a phrase that never existed: ids of other shops are not confirmed).
 */
import { and, asc, count, eq, isNull, or } from "drizzle-orm";
import { conflict, notFound as serviceNotFound, type ServiceError } from "./errors.js";
import { quickPhrases } from "../store/schema/index.js";
import type { ServiceContext } from "./context.js";

export type QuickPhraseRow = typeof quickPhrases.$inferSelect;

/** Whose phrases: the shop's (`agentId: null`) or one agent's personal ones. */
export interface PhraseOwner {
  shop: string;
  agentId: string | null;
}

/** Enough for a long Double 11 list, small enough that the console loads them all at once. */
export const MAX_SHOP_PHRASES = 500;
export const MAX_PERSONAL_PHRASES = 200;

export interface QuickPhrase {
  id: number;
  scope: "shop" | "personal";
  title: string;
  content: string;
  updatedAt: number;
}

export function presentPhrase(r: QuickPhraseRow): QuickPhrase {
  return { id: r.id, scope: r.agentId === null ? "shop" : "personal", title: r.title, content: r.text, updatedAt: r.updatedAt };
}

function ownedBy(owner: PhraseOwner) {
  return and(eq(quickPhrases.shop, owner.shop), owner.agentId === null ? isNull(quickPhrases.agentId) : eq(quickPhrases.agentId, owner.agentId));
}

/** One owner's phrases (the shop's, or one agent's), oldest first: the order they were added. */
export async function listQuickPhrases({ ctx, input }: { ctx: ServiceContext; input: PhraseOwner }): Promise<QuickPhrase[]> {
  const rows = await ctx.db.select().from(quickPhrases).where(ownedBy(input)).orderBy(asc(quickPhrases.id));
  return rows.map(presentPhrase);
}

/** What an agent may pick from: the shop's phrases and their own, shop ones first. */
export async function listPhrasesForAgent({ ctx, input }: { ctx: ServiceContext; input: { shop: string; agentId: string } }): Promise<QuickPhrase[]> {
  const rows = await ctx.db
    .select()
    .from(quickPhrases)
    .where(and(eq(quickPhrases.shop, input.shop), or(isNull(quickPhrases.agentId), eq(quickPhrases.agentId, input.agentId))))
    .orderBy(asc(quickPhrases.id));
  return rows.map(presentPhrase).sort((a, b) => (a.scope === b.scope ? 0 : a.scope === "shop" ? -1 : 1));
}

export async function createQuickPhrase({ ctx, input }: { ctx: ServiceContext; input: PhraseOwner & { title: string; content: string } }): Promise<QuickPhrase> {
  const limit = input.agentId === null ? MAX_SHOP_PHRASES : MAX_PERSONAL_PHRASES;
  const [held] = await ctx.db.select({ n: count() }).from(quickPhrases).where(ownedBy(input));
  if ((held?.n ?? 0) >= limit) {
    throw conflict(`at most ${limit} ${input.agentId === null ? "shop" : "personal"} phrases`, { reason: "too-many-phrases", limit });
  }
  const now = ctx.now();
  const [row] = await ctx.db.insert(quickPhrases).values({ shop: input.shop, agentId: input.agentId, title: input.title.trim(), text: input.content, createdAt: now, updatedAt: now }).returning();
  if (!row) throw new Error("quick phrase not stored");
  return presentPhrase(row);
}

export async function updateQuickPhrase({ ctx, input }: { ctx: ServiceContext; input: PhraseOwner & { id: number; title?: string; content?: string } }): Promise<QuickPhrase> {
  const [row] = await ctx.db
    .update(quickPhrases)
    .set({ ...(input.title !== undefined ? { title: input.title.trim() } : {}), ...(input.content !== undefined ? { text: input.content } : {}), updatedAt: ctx.now() })
    .where(and(ownedBy(input), eq(quickPhrases.id, input.id)))
    .returning();
  if (!row) throw notFound(input.id);
  return presentPhrase(row);
}

export async function deleteQuickPhrase({ ctx, input }: { ctx: ServiceContext; input: PhraseOwner & { id: number } }): Promise<void> {
  const gone = await ctx.db
    .delete(quickPhrases)
    .where(and(ownedBy(input), eq(quickPhrases.id, input.id)))
    .returning({ id: quickPhrases.id });
  if (!gone.length) throw notFound(input.id);
}

function notFound(id: number): ServiceError {
  return serviceNotFound(`no quick phrase ${id} of yours in this shop`, { reason: "phrase-not-found" });
}
