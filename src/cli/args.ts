/**
 * The planning commands' options: `--name value`, `--name=value`, flags, positionals. Bad usage
 * throws UsageError naming the option; each command prints it with its usage text (exit 2).
 */
import { readFileSync } from "node:fs";
import { platformIds, type Platform } from "../core/events.js";
import { parseEditionChoice, resolveEdition, UnknownEditionError, type EditionChoice, type EditionSelections } from "../core/rules/editions.js";
import { parseDayKey } from "../core/time.js";
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

/** `--db [URL]` / `--db=URL`: the URL is optional, so it is lifted out before parseArgs. */
export function liftDb(args: readonly string[]): { rest: string[]; db?: { url?: string } } {
  const rest: string[] = [];
  let db: { url?: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--db=")) db = { url: a.slice(5) };
    else if (a === "--db") db = args[i + 1] !== undefined && !args[i + 1]!.startsWith("--") ? { url: args[++i]! } : {};
    else rest.push(a);
  }
  return db ? { rest, db } : { rest };
}

/** The events source: one file, or the database (where each shop's configured editions apply). */
export function eventsSource(p: ParsedArgs, db: { url?: string } | undefined, editions: EditionSelections): { file?: string; db?: { url?: string } } {
  if (db) {
    if (Object.keys(editions).length > 0) throw new UsageError("--edition reads a file; the database uses each shop's editions from its config (FR_CONFIG)");
    if (p.positional.length > 0) throw new UsageError("give either an events file or --db, not both");
    return { db };
  }
  if (p.positional.length === 0) throw new UsageError("missing the events file");
  if (p.positional.length > 1) throw new UsageError(`one events file only, got ${p.positional.length}`);
  return { file: p.positional[0]! };
}

/** `--edition douyin=feige-2024[+option…]`; an unknown platform, edition or option is a usage error. */
export function parseEditionArg(v: string): { platform: Platform; choice: EditionChoice } {
  const eq = v.indexOf("=");
  const platform = v.slice(0, eq) as Platform;
  if (eq < 0 || !(platformIds() as readonly string[]).includes(platform)) throw new UsageError(`--edition must be PLATFORM=EDITION (platforms: ${platformIds().join(", ")}), got "${v}"`);
  const choice = parseEditionChoice(v.slice(eq + 1));
  try {
    resolveEdition(platform, choice);
  } catch (err) {
    if (err instanceof UnknownEditionError) throw new UsageError(err.message);
    throw err;
  }
  return { platform, choice };
}

/** Every `--edition` given. */
export function editionsOption(p: ParsedArgs): EditionSelections {
  const editions: EditionSelections = {};
  for (const v of p.values.get("--edition") ?? []) {
    const { platform, choice } = parseEditionArg(v);
    editions[platform] = choice;
  }
  return editions;
}

/** `--to YYYY-MM-DD` as a platform day number. */
export function dayOption(p: ParsedArgs, name: string): number | undefined {
  const v = p.values.get(name)?.at(-1);
  if (v === undefined) return undefined;
  const day = parseDayKey(v);
  if (day === undefined) throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${v}"`);
  return day;
}

/** A number option within [min, max] (exclusive ends where asked), or undefined when absent. */
export function numberOption(p: ParsedArgs, name: string, range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean }): number | undefined {
  const v = p.values.get(name)?.at(-1);
  if (v === undefined) return undefined;
  const n = Number(v);
  const { min, max } = range;
  const bad = v.trim() === "" || !Number.isFinite(n) || (range.integer && !Number.isInteger(n)) || (min !== undefined && (range.minExclusive ? n <= min : n < min)) || (max !== undefined && (range.maxExclusive ? n >= max : n > max));
  if (bad) {
    const lo = min === undefined ? "" : `${range.minExclusive ? ">" : "≥"} ${min}`;
    const hi = max === undefined ? "" : `${range.maxExclusive ? "<" : "≤"} ${max}`;
    throw new UsageError(`${name} must be ${range.integer ? "a whole number" : "a number"}${lo || hi ? ` ${[lo, hi].filter(Boolean).join(" and ")}` : ""}, got "${v}"`);
  }
  return n;
}

/**
 * A command's run: parse (usage error → exit 2 with the usage text), build (input error or one
 * of `inputErrors` → exit 1 with the message), write what `render` makes of it to stdout.
 */
export async function runCommand<O, R>(
  name: string,
  usage: string,
  args: string[],
  steps: { parse(args: string[]): O; build(o: O): Promise<R>; render(r: R, o: O): string; inputErrors?: Array<new (...a: never[]) => Error> },
): Promise<{ code: number; options?: O; result?: R }> {
  let o: O;
  try {
    o = steps.parse(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${name}: ${err.message}\n\n${usage}`);
      return { code: 2 };
    }
    throw err;
  }
  let r: R;
  try {
    r = await steps.build(o);
  } catch (err) {
    if (err instanceof InputError || (steps.inputErrors ?? []).some((E) => err instanceof E)) {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
      return { code: 1 };
    }
    throw err;
  }
  const text = steps.render(r, o);
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
  return { code: 0, options: o, result: r };
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
