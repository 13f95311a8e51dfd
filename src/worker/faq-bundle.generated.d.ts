// Types of faq-bundle.generated.js, which scripts/bundle-faq.ts writes from faq/ before every
// `wrangler dev`, `wrangler deploy` and workers test run (the .js is not committed).
import type { FaqBundle } from "./faq.js";

declare const bundle: FaqBundle & { version: string };
export default bundle;
