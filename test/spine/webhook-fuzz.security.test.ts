/**
 * Property fuzz of the generic webhook's bodies (issue 16): whatever a careless or hostile
 * sender posts, correctly signed, the answer is never a 5xx. Bodies range from arbitrary JSON
 * and raw text to near-valid events (every field of the format, each sometimes of a wrong type
 * or extreme value) alone or in batches, with unknown fields nested deep and numbers beyond 2^53.
 * `npm test` runs 1,000 cases; FUZZ_RUNS=10000 the nightly size.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, T0, type Harness } from "../support/harness.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const nearT0 = fc.integer({ min: T0 - 3_600_000, max: T0 + 200_000 });
const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);

/** A value nested `depth` levels deep, as JSON text (building it as an object would not be faster). */
const deepText = fc.tuple(fc.integer({ min: 1, max: 6000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"k":'.repeat(depth)}1${"}".repeat(depth)}`));

const weirdNumber = oneOf("12345678901234567891", "-0", "1e400", "1.5", "9007199254740993", "0.1e-400", "-12345678901234567890123");

/** Each field of the event format: usually valid, sometimes anything at all. */
const field = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown> = fc.jsonValue()) =>
  fc.oneof({ weight: 14, arbitrary: valid.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: invalid.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: weirdNumber });

const eventText = fc
  .record(
    {
      id: field(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.integer())),
      platform: field(oneOf("taobao", "douyin", "kuaishou"), oneOf("pinduoduo", "")),
      shop: field(oneOf("default"), oneOf("other", "")),
      conversation: field(fc.string({ minLength: 1, maxLength: 8 })),
      at: field(
        fc.oneof(
          nearT0,
          nearT0.map((ms) => new Date(ms).toISOString()),
        ),
        oneOf<unknown>("2026-02-30T10:00:00+08:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", T0 + 400_000),
      ),
      from: field(oneOf("buyer", "buyer", "human", "bot", "internal", "staff", "system"), oneOf("robot")),
      type: field(oneOf("message", "message", "assigned"), oneOf("recall")),
      agent: field(oneOf("a1", "a2", "ghost")),
      bot: field(oneOf("autoreply", "xiaoduo")),
      mode: field(oneOf("assist", "auto"), oneOf("manual")),
      text: field(fc.oneof(fc.constantFrom("什么时候发货", "在吗", "我要找你们老板"), fc.string({ maxLength: 40 })), fc.constant("长".repeat(10_001))),
      extra: fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        deepText,
        weirdNumber,
      ),
      __proto__x: fc.jsonValue().map((v) => JSON.stringify(v)),
    },
    // the format's required fields are usually there, so the fuzz reaches the store and the decision
    { requiredKeys: ["id", "platform", "conversation", "at", "from"] },
  )
  .map(
    (r) =>
      `{${Object.entries(r)
        .map(([k, v]) => `${JSON.stringify(k === "__proto__x" ? "__proto__" : k)}:${v}`)
        .join(",")}}`,
  );

const body = fc.oneof(
  { weight: 4, arbitrary: eventText },
  { weight: 1, arbitrary: eventText.map((e) => e.replace(/^\{/, `{${JSON.stringify("\u0000")}:0,`)) },
  { weight: 2, arbitrary: fc.array(eventText, { minLength: 0, maxLength: 6 }).map((a) => `[${a.join(",")}]`) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: deepText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString("latin1")) },
);

describe("generic webhook fuzz", () => {
  it(`answers ${RUNS} fuzzed, correctly signed bodies without a 5xx`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const res = await h.postEvents(raw);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const payload = (await res.json()) as { error?: { code: string; message: string } };
        expect(res.status, `${res.status} ${JSON.stringify(payload)} for ${raw.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expect(payload.error?.code).toBeTypeOf("string");
      }),
      { numRuns: RUNS },
    );
    // the fuzz reached the store, not only the parser
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
