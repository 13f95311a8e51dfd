// Types of faq-node-answers.generated.js, which test/worker/global-setup.ts writes (not committed).
import type { FaqMatchResult } from "../../src/core/faq/types.js";

declare const sets: { shop: string; version: string; answers: [string, FaqMatchResult][] }[];
export default sets;
