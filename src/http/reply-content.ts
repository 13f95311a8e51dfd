/**
 * The image or card of an agent's reply (`POST /api/agent/chats/:id/reply`), read from the body
 * in the event format's own shape (core/outbound.ts ReplyContent, core/message-content.ts):
 * `{"image": {"url"}}` or `{"card": {"kind": "order" | "goods" | "logistics", <its fields>}}`.
 * Bad input is a 400 naming the field; whether the platform can carry it is the service's call.
 */
import { CARD_FIELDS, isImageUrl, type CardKind } from "../core/message-content.js";
import type { ReplyContent } from "../core/outbound.js";
import { ApiError } from "./errors.js";

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (field: string, reason: string, message: string, more: Record<string, unknown> = {}) => new ApiError(400, "bad_request", message, { field, reason, ...more });
const MAX_VALUE = 500;

/** undefined for a text reply; throws a 400 when the body mixes kinds or a field is wrong */
export function readReplyContent(body: Record<string, unknown>): ReplyContent | undefined {
  const given = (["text", "image", "card"] as const).filter((f) => body[f] !== undefined);
  if (given.length > 1) throw bad(given[1]!, "one-content", `send text, an image or a card, one per reply (got ${given.join(" and ")})`);
  if (body.image !== undefined) {
    const url = isObj(body.image) ? body.image.url : undefined;
    if (typeof url !== "string" || !isImageUrl(url.trim())) throw bad("image", "bad-image-url", "image.url must be an http(s) URL of at most 2000 characters");
    return { image: { url: url.trim() } };
  }
  if (body.card === undefined) return undefined;
  const card = body.card;
  if (!isObj(card) || typeof card.kind !== "string" || !Object.hasOwn(CARD_FIELDS, card.kind)) {
    throw bad("card", "bad-card-kind", `card.kind must be one of ${Object.keys(CARD_FIELDS).join(", ")}`);
  }
  const kind = card.kind as CardKind;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(card)) {
    if (key === "kind") continue;
    if (!CARD_FIELDS[kind].includes(key)) throw bad(`card.${key}`, "unknown-card-field", `a ${kind} card has no field ${key} (known: ${CARD_FIELDS[kind].join(", ")})`);
    const text = typeof value === "number" && Number.isFinite(value) ? String(value) : typeof value === "string" ? value.trim() : undefined;
    if (!text || text.length > MAX_VALUE) throw bad(`card.${key}`, "bad-card-value", `card.${key} must be a number or a non-empty string of at most ${MAX_VALUE} characters`, { max: MAX_VALUE });
    fields[key] = text;
  }
  if (!Object.keys(fields).length) throw bad("card", "empty-card", `a ${kind} card needs at least one field (${CARD_FIELDS[kind].join(", ")})`);
  return { [kind]: fields };
}
