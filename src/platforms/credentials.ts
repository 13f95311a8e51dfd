/** Helpers of the platforms' credential readers (src/platforms/<id>/credentials.ts). */

/** `a, b,,c` → ["a", "b", "c"]: a comma-separated environment variable, blanks dropped. */
export function envList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
