// Types of migrations.generated.js, which scripts/bundle-migrations.ts writes from db/ before every
// `wrangler dev`, `wrangler deploy` and workers test run (the .js is not committed).
import type { MigrationBundle } from "../store/migrations.js";

declare const bundle: MigrationBundle;
export default bundle;
