/**
 * Platform time. Every platform measures in Asia/Shanghai, which has had no DST since 1991,
 * so a fixed UTC+8 offset is exact and needs no time-zone database (Workers have none).
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 in platform time: the key of a "natural day". */
export function dayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 platform time on the given day number. */
export function dayStartMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** `YYYY-MM-DD` of an instant, in platform time. */
export function dayKey(ms: number): string {
  return dayKeyOfNumber(dayNumber(ms));
}

export function dayKeyOfNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a `YYYY-MM-DD` string, or undefined when it is not a real date. */
export function parseDayKey(key: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return undefined;
  const ms = Date.parse(`${key}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== key) return undefined;
  return ms / DAY_MS;
}

/** Milliseconds since the start of the platform day. */
export function msIntoDay(ms: number): number {
  return ms - dayStartMs(dayNumber(ms));
}

/** `HH:MM` (00:00 – 24:00) → ms into the day. */
export function clockToMs(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  return (h * 60 + min) * 60_000;
}

export interface DailyWindow {
  /** inclusive, `HH:MM` */
  start: string;
  /** exclusive, `HH:MM`; `24:00` is the end of the day */
  end: string;
}

/** Half-open `[start, end)` test in platform time. */
export function inWindow(ms: number, window: DailyWindow): boolean {
  const t = msIntoDay(ms);
  return t >= clockToMs(window.start) && t < clockToMs(window.end);
}

/** ISO 8601 with the +08:00 offset, for humans and logs. */
export function formatPlatformTime(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS)
    .toISOString()
    .replace("Z", "+08:00")
    .replace(/\.000\+/, "+");
}
