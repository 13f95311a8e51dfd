/**
 * The order `npm test` starts its files in: the slowest first, whatever their project, then
 * vitest's own order (its duration cache when there is one, else file size).
 *
 * Why: vitest runs a project's files only after the previous project's (node before workers),
 * so the workerd files, which mostly wait on their Durable Objects and need little CPU, used to
 * start after ten minutes of Node files and end the run alone. Started first, they run beside
 * the Node files; and a long file started last cannot leave the other workers idle while it
 * finishes. A clean clone (CI) has no duration cache, hence this list: the files that took
 * longest in a full run on a 2-core machine (docs/architecture.md, "Test time"), the workerd
 * ones first (they start their runtime; 10 s each since they no longer go through SELF). A
 * browser test is not put first for a long time it only showed while timing out under load.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

export const SLOWEST_FIRST = [
  "test/worker/shop-object-concurrency.test.ts",
  "test/worker/shop-object-stats-race.test.ts",
  "test/planning/forecast.test.ts",
  "test/faq/live-model.test.ts",
  "test/compliance/cli-db.happy.test.ts",
  "test/compliance/cli.error.test.ts",
  "test/contract/faq-bundle.test.ts",
  "test/planning/whatif.test.ts",
  "test/compliance/cli.happy.test.ts",
  "test/faq/cli.test.ts",
  "test/ui/dashboard.browser.test.ts",
  "test/spine/kill9.security.test.ts",
  "test/faq/eval-live.test.ts",
  "test/spine/host.happy.test.ts",
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = SLOWEST_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return i === -1 ? SLOWEST_FIRST.length : i;
    };
    // a stable sort: the rest keep vitest's order
    return sorted
      .map((spec, i) => ({ spec, i, r: rank(spec) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map(({ spec }) => spec);
  }
}
