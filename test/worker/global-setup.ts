/** Runs in Node before the workers project: bundles faq/ so the Worker entry can import it. */
import { bundleFaq } from "../../scripts/bundle-faq.js";

export default async function setup(): Promise<void> {
  await bundleFaq("faq");
}
