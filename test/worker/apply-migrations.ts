/** Setup file of the workers project (runs inside workerd): applies db/ to the test D1, as `wrangler d1 migrations apply` does. */
import { applyD1Migrations, env } from "cloudflare:test";

const e = env as unknown as { DB: Parameters<typeof applyD1Migrations>[0]; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
await applyD1Migrations(e.DB, e.TEST_MIGRATIONS);
