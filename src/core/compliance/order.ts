/**
 * One total order for a conversation's events, so that the input order of a file or of
 * webhook arrivals never changes a figure (property-tested).
 */
import type { EngineEvent } from "./types.js";

/**
 * At the same millisecond: an assignment first (the message arrives in the agent's list),
 * then the buyer's message, then the shop's reply (a reply at the same instant answers it),
 * then everything else.
 */
export function rankOf(e: Pick<EngineEvent, "type" | "from">): number {
  if (e.type === "assigned") return 0;
  if (e.from === "buyer") return 1;
  if (e.from === "human" || e.from === "bot") return 2;
  return 3;
}

export function compareEvents(a: EngineEvent, b: EngineEvent): number {
  return a.at - b.at || rankOf(a) - rankOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Sorted copy without repeated ids (the id is the platform's de-duplication key). */
export function sortedUnique<E extends EngineEvent>(events: readonly E[]): E[] {
  const sorted = [...events].sort(compareEvents);
  const seen = new Set<string>();
  const out: E[] = [];
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
  }
  return out;
}
