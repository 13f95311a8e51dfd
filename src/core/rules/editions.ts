/**
 * Rule editions: the platforms change their rules and the sources disagree, so every preset
 * is read through an edition that names its source, its date and the choices it makes. A shop
 * picks one edition per platform (config `editions:`; `report --edition`), plus any of the
 * platform's options; the default is the seeds' reading (docs/compliance-rules.md).
 *
 * An edition is data: per rule, the fields it changes from the presets (the same shape as a
 * shop's overrides, which are applied after it), written with the platform's presets in its
 * folder (src/platforms/<id>/rules.ts) and gathered here from the registry.
 */
import { PLATFORM_REGISTRY } from "../../platforms/registry.js";
import type { Platform } from "../events.js";
import type { RuleOverrides } from "./presets.js";

export interface RuleEdition {
  id: string;
  platform: Platform;
  /** where the reading comes from, in words a reviewer can check */
  source: string;
  /** when the source says the rule applied */
  date: string;
  /** what this reading decides where the sources are vague or disagree */
  choices: string[];
  /** the fields it changes, per rule, relative to the presets */
  rules: RuleOverrides;
}

/** A switch on top of an edition (off unless the shop names it). */
export type EditionOption = RuleEdition;

export const DEFAULT_EDITION = "seed";

/** Each platform's editions, written in its folder (src/platforms/<id>/rules.ts), the default (`seed`) first. */
export const EDITIONS = Object.fromEntries(PLATFORM_REGISTRY.map((p) => [p.id, p.rules.editions])) as unknown as Record<Platform, RuleEdition[]>;

/** Each platform's edition options, written in its folder. */
export const EDITION_OPTIONS = Object.fromEntries(PLATFORM_REGISTRY.map((p) => [p.id, p.rules.editionOptions])) as unknown as Record<Platform, EditionOption[]>;

/** A shop's pick for one platform: an edition and any of the platform's options. */
export interface EditionChoice {
  edition: string;
  options?: string[];
}
export type EditionSelections = Partial<Record<Platform, EditionChoice>>;

export interface ResolvedEdition {
  edition: RuleEdition;
  options: EditionOption[];
  /** "<platform>/<edition>[+option…]": what reports and the dashboard show */
  label: string;
  /** the edition's changes, then each option's, in order */
  overrides: RuleOverrides[];
}

export class UnknownEditionError extends Error {}

/** The edition a shop runs on a platform; throws naming the unknown edition or option. */
export function resolveEdition(platform: Platform, choice: EditionChoice | undefined): ResolvedEdition {
  const id = choice?.edition ?? DEFAULT_EDITION;
  const edition = EDITIONS[platform].find((e) => e.id === id);
  if (!edition) throw new UnknownEditionError(`unknown edition "${id}" for ${platform}; editions: ${EDITIONS[platform].map((e) => e.id).join(", ")}`);
  const options = (choice?.options ?? []).map((o) => {
    const opt = EDITION_OPTIONS[platform].find((x) => x.id === o);
    if (!opt) {
      const known = EDITION_OPTIONS[platform].map((x) => x.id);
      throw new UnknownEditionError(`unknown edition option "${o}" for ${platform}; options: ${known.length > 0 ? known.join(", ") : "(none)"}`);
    }
    return opt;
  });
  return {
    edition,
    options,
    label: [`${platform}/${edition.id}`, ...options.map((o) => o.id)].join("+"),
    overrides: [edition.rules, ...options.map((o) => o.rules)],
  };
}

/** `EDITION[+OPTION…]` (the CLI's and the config's short form) → a choice. */
export function parseEditionChoice(text: string): EditionChoice {
  const [edition, ...options] = text.split("+").map((s) => s.trim());
  return options.length > 0 ? { edition: edition!, options } : { edition: edition! };
}

/** What a report says about the edition a result was computed with. */
export interface EditionUsed {
  platform: Platform;
  shop: string;
  /** the label, "<platform>/<edition>[+option…]" */
  edition: string;
  source: string;
  date: string;
}

/** The sources of a label made by resolveEdition (edition first, then each option). */
export function describeEdition(label: string): Pick<EditionUsed, "source" | "date"> {
  const [head, ...options] = label.split("+");
  const [platform, id] = head!.split("/") as [Platform, string];
  const r = resolveEdition(platform, { edition: id, options });
  const parts = [r.edition, ...r.options];
  return { source: parts.map((p) => p.source).join(" + "), date: parts.map((p) => p.date).join(" + ") };
}

/** One line per (platform, shop) of the results: the editions a report used. */
export function editionsUsed(results: ReadonlyArray<{ platform: Platform; shop: string; spec: { edition: string } }>): EditionUsed[] {
  const seen = new Map<string, EditionUsed>();
  for (const r of results) {
    const key = `${r.platform}\u0000${r.shop}\u0000${r.spec.edition}`;
    if (!seen.has(key)) seen.set(key, { platform: r.platform, shop: r.shop, edition: r.spec.edition, ...describeEdition(r.spec.edition) });
  }
  return [...seen.values()];
}
