/** Runs in Node before the workers project: bundles faq/ and db/ so the Worker entry can import them (as wrangler's build command does). */
import { bundleFaq } from "../../scripts/bundle-faq.js";
import { bundleMigrations } from "../../scripts/bundle-migrations.js";

export default async function setup(): Promise<void> {
  await bundleFaq("faq");
  bundleMigrations();
}
