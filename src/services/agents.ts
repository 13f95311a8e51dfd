/**
 * Agents added, disabled and re-tokened from the dashboard, without a restart (docs/ui.md
 * "客服管理"). The shop's agents are its configured ones overlaid by its `shop_agents` rows: a
 * row with a configured id overrides that agent, other rows add agents, a disabled row takes
 * the agent out. The result is written into the running Shop (its `config.agents` and
 * `agentsById`, the objects every request reads), so a change takes effect on the next request:
 * a new token signs in, an old or disabled one is refused, a disabled agent gets no chats.
 *
 * Tokens are random (32 bytes), returned once by the call that makes them, and stored only as
 * their SHA-256, like the configured ones.
 */
import { eq } from "drizzle-orm";
import type { AgentConfig } from "../config/types.js";
import { sha256Hex, toHex } from "../core/crypto.js";
import { conflict, notFound, unsupported } from "./errors.js";
import { shopAgents } from "../store/schema/index.js";
import { setAgentOnline } from "./chats.js";
import { cacheKey, type ServiceContext, type Shop } from "./context.js";

export interface ManagedAgent extends AgentConfig {
  disabled: boolean;
  /** false: as configured (env or YAML); true: added or changed from the dashboard */
  managed: boolean;
}

/** The configured agents of each shop, as they were before any row was applied (on the context: its shops are its own). */
const CONFIGURED = cacheKey<WeakMap<Shop, AgentConfig[]>>("agents.configured");

function configuredAgents(ctx: ServiceContext, shop: Shop): AgentConfig[] {
  const configured = ctx.cache.get(CONFIGURED) ?? ctx.cache.set(CONFIGURED, new WeakMap());
  let base = configured.get(shop);
  if (!base) configured.set(shop, (base = [...shop.config.agents]));
  return base;
}

/** Every agent of the shop, disabled ones included: configured, then added, in order. */
export async function listManagedAgents({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } }): Promise<ManagedAgent[]> {
  const rows = await ctx.db.select().from(shopAgents).where(eq(shopAgents.shop, input.shop.config.id));
  const byId = new Map(rows.map((r) => [r.agentId, r]));
  const out: ManagedAgent[] = configuredAgents(ctx, input.shop).map((a) => {
    const r = byId.get(a.id);
    byId.delete(a.id);
    return r ? { id: a.id, name: r.name, tokenSha256: r.tokenSha256, maxConcurrent: r.maxConcurrent, disabled: r.disabled, managed: true } : { ...a, disabled: false, managed: false };
  });
  for (const r of [...byId.values()].sort((a, b) => a.createdAt - b.createdAt)) {
    out.push({ id: r.agentId, name: r.name, tokenSha256: r.tokenSha256, maxConcurrent: r.maxConcurrent, disabled: r.disabled, managed: true });
  }
  return out;
}

/** Writes the shop's agents (configured + rows, disabled ones left out) into the running Shop. */
export async function applyStoredAgents({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } }): Promise<void> {
  const active = (await listManagedAgents({ ctx, input })).filter((a) => !a.disabled).map(({ id, name, tokenSha256, maxConcurrent }) => ({ id, name, tokenSha256, maxConcurrent }));
  // in place: the arrays and maps are shared with every reader of this Shop
  input.shop.config.agents.splice(0, input.shop.config.agents.length, ...active);
  input.shop.agentsById.clear();
  for (const a of active) input.shop.agentsById.set(a.id, a);
}

/**
 * One unit of writes; the running Shop is written inside it (the queue is refilled without a
 * disabled agent), so when the unit rolls back the Shop is read again from what was committed.
 */
async function unit<T>(ctx: ServiceContext, shop: Shop, fn: () => Promise<T>): Promise<T> {
  try {
    return await ctx.transact(fn);
  } catch (err) {
    await applyStoredAgents({ ctx, input: { shop } });
    throw err;
  }
}

/** Runtimes whose agent sign-in reads this context's shops (Node); on Workers the front routes tokens by configuration. */
function requireEditable(ctx: ServiceContext): void {
  if (!ctx.agentsEditable) {
    throw unsupported("agents are managed in the configuration on this runtime (AGENT_TOKENS); redeploy to change them", { reason: "agents-not-editable" });
  }
}

async function newToken(): Promise<{ token: string; hash: string }> {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  const token = `agt_${toHex(bytes)}`;
  return { token, hash: await sha256Hex(token) };
}

async function findAgent(ctx: ServiceContext, shop: Shop, id: string): Promise<ManagedAgent> {
  const agent = (await listManagedAgents({ ctx, input: { shop } })).find((a) => a.id === id);
  if (!agent) throw notFound(`no agent "${id}" in this shop`, { reason: "unknown-agent" });
  return agent;
}

/** Stores the agent's full row (a configured agent's first change copies it) and applies the shop. */
async function save(ctx: ServiceContext, shop: Shop, a: ManagedAgent): Promise<ManagedAgent> {
  const now = ctx.now();
  const row = { name: a.name, tokenSha256: a.tokenSha256, maxConcurrent: a.maxConcurrent, disabled: a.disabled, updatedAt: now };
  await ctx.db
    .insert(shopAgents)
    .values({ shop: shop.config.id, agentId: a.id, ...row, createdAt: now })
    .onConflictDoUpdate({ target: [shopAgents.shop, shopAgents.agentId], set: row });
  await applyStoredAgents({ ctx, input: { shop } });
  ctx.changes.notify(shop.config.id);
  return { ...a, managed: true };
}

export async function createAgent({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; id: string; name: string; maxConcurrent: number } }): Promise<{ agent: ManagedAgent; token: string }> {
  requireEditable(ctx);
  const all = await listManagedAgents({ ctx, input: { shop: input.shop } });
  if (all.some((a) => a.id === input.id)) throw conflict(`agent "${input.id}" already exists`, { field: "id", reason: "agent-exists" });
  const { token, hash } = await newToken();
  const agent = await unit(ctx, input.shop, () => save(ctx, input.shop, { id: input.id, name: input.name, tokenSha256: hash, maxConcurrent: input.maxConcurrent, disabled: false, managed: true }));
  return { agent, token };
}

/** Name, limit, disabled. Disabling signs the agent out (their token is refused) and hands their chats back to the queue. */
export async function updateAgent({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; id: string; name?: string; maxConcurrent?: number; disabled?: boolean } }): Promise<ManagedAgent> {
  requireEditable(ctx);
  return unit(ctx, input.shop, async () => {
    const current = await findAgent(ctx, input.shop, input.id);
    const agent = await save(ctx, input.shop, {
      ...current,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.maxConcurrent !== undefined ? { maxConcurrent: input.maxConcurrent } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    });
    // after the shop no longer holds the agent, so their chats go to the others
    if (agent.disabled && !current.disabled) await setAgentOnline({ ctx, input: { shop: input.shop, agentId: agent.id, online: false } });
    return agent;
  });
}

/** A new token for the agent; the old one stops working at once. */
export async function retokenAgent({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; id: string } }): Promise<{ agent: ManagedAgent; token: string }> {
  requireEditable(ctx);
  const { token, hash } = await newToken();
  const agent = await unit(ctx, input.shop, async () => save(ctx, input.shop, { ...(await findAgent(ctx, input.shop, input.id)), tokenSha256: hash }));
  return { agent, token };
}

/** At start: every shop's stored agents applied (Node). */
export async function applyAllStoredAgents({ ctx }: { ctx: ServiceContext }): Promise<void> {
  for (const shop of ctx.shops.values()) await applyStoredAgents({ ctx, input: { shop } });
}
