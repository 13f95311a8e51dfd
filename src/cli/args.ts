/**
 * The planning commands' options: `--name value`, `--name=value`, flags, positionals. Bad usage
 * throws UsageError naming the option; each command prints it with its usage text (exit 2).
 */
import { readFileSync } from "node:fs";
import type { Shop } from "../services/context.js";

export class UsageError extends Error {}
export class InputError extends Error {}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(args: readonly string[], spec: { values: readonly string[]; flags: readonly string[] }): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    let inline: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (spec.flags.includes(arg)) {
      out.flags.add(arg);
    } else if (spec.values.includes(arg)) {
      let v = inline;
      if (v === undefined) {
        v = args[i + 1];
        if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
        i++;
      }
      out.values.set(arg, [...(out.values.get(arg) ?? []), v]);
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      out.positional.push(arg);
    }
  }
  return out;
}

/** A number option within [min, max] (exclusive ends where asked), or undefined when absent. */
export function numberOption(p: ParsedArgs, name: string, range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean }): number | undefined {
  const v = p.values.get(name)?.at(-1);
  if (v === undefined) return undefined;
  const n = Number(v);
  const { min, max } = range;
  const bad =
    v.trim() === "" ||
    !Number.isFinite(n) ||
    (range.integer && !Number.isInteger(n)) ||
    (min !== undefined && (range.minExclusive ? n <= min : n < min)) ||
    (max !== undefined && (range.maxExclusive ? n >= max : n > max));
  if (bad) {
    const lo = min === undefined ? "" : `${range.minExclusive ? ">" : "≥"} ${min}`;
    const hi = max === undefined ? "" : `${range.maxExclusive ? "<" : "≤"} ${max}`;
    throw new UsageError(`${name} must be ${range.integer ? "a whole number" : "a number"}${lo || hi ? ` ${[lo, hi].filter(Boolean).join(" and ")}` : ""}, got "${v}"`);
  }
  return n;
}

/** The shops of the app config named by FR_CONFIG (policies, editions, overrides); empty without one. */
export async function shopsFromEnv(): Promise<Map<string, Shop>> {
  const file = process.env.FR_CONFIG;
  if (!file) return new Map();
  const { configFromFile } = await import("../config/load.js");
  const { resolveShops } = await import("../services/context.js");
  try {
    return resolveShops(await configFromFile(readFileSync(file, "utf8"), file, process.env));
  } catch (err) {
    throw new InputError(`cannot read the app config ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
