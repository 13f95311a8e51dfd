import { describe, expect, it } from "vitest";
import { decodeCompact, encodeCompact } from "../../src/core/faq/compact.js";

/** encode → decode, each array back with its type and every value bit for bit */
const roundTrip = (v: unknown) => decodeCompact(encodeCompact(v, {}), {});

describe("compact encoding of typed arrays", () => {
  it("gives back Int32 arrays stored as varint gaps: rising runs, restarts lower, negatives, the 16-bit gap limits", () => {
    const runs = Int32Array.from([0, 3, 9, 9, 200, 5000, 2, 4, 70000, 70001, -1, -32769, 0, 32767, 0]);
    const out = roundTrip({ runs }) as { runs: Int32Array };
    expect(out.runs).toBeInstanceOf(Int32Array);
    expect([...out.runs]).toEqual([...runs]);
  });

  it("gives back Int32 arrays whose gaps do not fit 16 bits (stored whole or in 16 bits)", () => {
    const wide = Int32Array.from([0, 65535, 1, 65535, 7]);
    const huge = Int32Array.from([2 ** 31 - 1, -(2 ** 31), 5, 1 << 20]);
    const out = roundTrip({ wide, huge }) as { wide: Int32Array; huge: Int32Array };
    expect([...out.wide]).toEqual([...wide]);
    expect([...out.huge]).toEqual([...huge]);
  });

  it("gives back float arrays of small whole numbers (a byte each) and of other values bit for bit", () => {
    const counts = Float32Array.from([1, 2, 255, 0, 1, 3]);
    const mixed = Float32Array.from([1, 2.5, 256, 1]);
    const signed = Float64Array.from([1, -0, 2]);
    const out = roundTrip({ counts, mixed, signed }) as Record<string, Float32Array | Float64Array>;
    expect(out.counts).toBeInstanceOf(Float32Array);
    expect([...out.counts!]).toEqual([...counts]);
    expect([...out.mixed!]).toEqual([...mixed]);
    expect(out.signed).toBeInstanceOf(Float64Array);
    expect(Object.is(out.signed![1], -0)).toBe(true);
    expect([...out.signed!]).toEqual([...signed]);
  });
});
