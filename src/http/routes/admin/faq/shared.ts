/** Helpers for the FAQ admin routes: the live matcher, the set a write goes to, errors as ApiError. */
import { FaqValidationError } from "../../../../core/faq/editor.js";
import { withFaqLabel } from "../../../../core/faq/error-labels.js";
import type { FaqRankingMatcher } from "../../../../core/faq/matcher.js";
import type { ServiceContext } from "../../../../services/context.js";
import type { Context } from "hono";
import type { OutOfScopeSet } from "../../../../core/faq/editor.js";
import type { AppEnv } from "../../../env.js";
import { ApiError } from "../../../errors.js";
import { adminOfEveryShop } from "../../../middleware/auth.js";

/** The shop's live matcher with its entries, when the provider is this engine. */
export function engineFor(ctx: ServiceContext, shopId: string): FaqRankingMatcher {
  const m = ctx.faq.forShop(shopId) as Partial<FaqRankingMatcher> | undefined;
  if (!m || !Array.isArray(m.entries)) throw new ApiError(404, "not_found", "this shop has no FAQ");
  return m as FaqRankingMatcher;
}

/** Validation failures answer 400 with every problem as file:line, like `faq check`, each with its Chinese (`zh`). */
export async function asApiErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof FaqValidationError) {
      throw new ApiError(400, "bad_request", "the FAQ entry is not valid", {
        errors: err.errors.map((e) => withFaqLabel({ file: e.file, line: e.line, message: e.message })),
      });
    }
    throw err;
  }
}

/**
 * The out-of-scope list a request writes: the shop's own unless it says `set: "shared"`, which
 * changes every shop's answers and so takes an admin token of every shop.
 */
export async function outOfScopeSet(c: Context<AppEnv>, set: OutOfScopeSet | undefined): Promise<OutOfScopeSet> {
  if (set !== "shared") return "shop";
  if (!(await adminOfEveryShop(c))) {
    throw new ApiError(403, "forbidden", "the shared set's list changes every shop's answers: only an admin of every shop may write it (use set \"shop\")", { field: "set" });
  }
  return "shared";
}
