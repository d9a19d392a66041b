// Locale-aware formatting through Intl, with formatters cached per locale: the element
// re-renders up to once a frame and constructing Intl objects is comparatively costly.
import { fill, type ProgressStreamStrings } from '../strings.js';

const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const percentFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** Whether each locale seen is usable; asking Intl costs more than the formatting itself. */
const supported = new Map<string, boolean>();

function safeLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  return cached(supported, locale, () => {
    try {
      return Intl.NumberFormat.supportedLocalesOf(locale).length > 0;
    } catch {
      return false; // a malformed lang attribute must not break rendering
    }
  })
    ? locale
    : undefined;
}

export function formatNumber(value: number, locale: string | undefined, maximumFractionDigits = 0): string {
  const loc = safeLocale(locale);
  const format = cached(
    numberFormats,
    `${loc ?? ''}|${maximumFractionDigits}`,
    () => new Intl.NumberFormat(loc, { maximumFractionDigits }),
  );
  return format.format(value);
}

/** A whole percent in the locale's form: "35%", "35 %" (de), "35 %" (fr, narrow no-break space). */
export function formatPercent(whole: number, locale: string | undefined): string {
  const loc = safeLocale(locale);
  const format = cached(percentFormats, loc ?? '', () => new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 }));
  return format.format(whole / 100);
}

/** HH:MM:SS in 24-hour form; empty for a time that is not a valid date. */
export function formatClock(epochMs: number, locale: string | undefined): string {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return '';
  const loc = safeLocale(locale);
  const format = cached(
    timeFormats,
    loc ?? '',
    () => new Intl.DateTimeFormat(loc, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  );
  return format.format(epochMs);
}

/** A rounded human duration: "45 s", "3 min", "1 h 5 min". */
export function formatDuration(ms: number, locale: string | undefined, strings: ProgressStreamStrings): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return fill(strings.seconds, { n: formatNumber(seconds, locale) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return fill(strings.minutes, { n: formatNumber(minutes, locale) });
  const hours = Math.floor(minutes / 60);
  return fill(strings.hours, { n: formatNumber(hours, locale), m: formatNumber(minutes % 60, locale) });
}

/** Items per second, with one decimal below 10 so slow jobs do not read "~0/s". */
export function formatRate(rate: number, locale: string | undefined): string {
  return formatNumber(rate, locale, rate < 10 ? 1 : 0);
}

/** ISO 8601 for a `datetime` attribute; empty for a time that is not a valid date. */
export function isoTime(epochMs: number): string {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : '';
}

type DurationUnit = 'second' | 'minute' | 'hour';

const UNIT_MS: Record<DurationUnit, number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

/** `formatRange` is ES2023 (Chrome 106, Safari 15.4): typed here, detected at run time. */
interface RangeFormat extends Intl.NumberFormat {
  formatRange?: (start: number, end: number) => string;
}

const unitFormats = new Map<string, RangeFormat>();

function unitFormat(unit: DurationUnit, locale: string | undefined, fractionDigits: number): RangeFormat {
  const loc = safeLocale(locale);
  return cached(
    unitFormats,
    `${loc ?? ''}|${unit}|${fractionDigits}`,
    () => new Intl.NumberFormat(loc, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: fractionDigits }),
  );
}

/** The unit a duration reads in ("55 s", "3 min", "2 h"), as the amount it rounds to. */
function unitFor(ms: number): DurationUnit {
  if (Math.round(ms / UNIT_MS.second) < 60) return 'second';
  return Math.round(ms / UNIT_MS.minute) < 60 ? 'minute' : 'hour';
}

/** Hours keep one decimal below 10 ("1.5–2.5 hr"); seconds and minutes are whole. */
function amountIn(ms: number, unit: DurationUnit): { value: number; digits: number } {
  const digits = unit === 'hour' && ms < 10 * UNIT_MS.hour ? 1 : 0;
  const scale = 10 ** digits;
  return { value: Math.round((ms / UNIT_MS[unit]) * scale) / scale, digits };
}

/**
 * A duration range in the locale's own words: "40–55 sec", "2–3 min", "1–2 hr" (en), "2–3 Min."
 * (de), with one unit for both ends when the low end still reads as at least 1 of it, and "~2 min"
 * when both ends round to the same amount. A low end too small for the high end's unit gets its
 * own ("20 sec – 2 min"). Empty for values that are not finite.
 */
export function formatDurationRange(lowMs: number, highMs: number, locale: string | undefined): string {
  if (!Number.isFinite(lowMs) || !Number.isFinite(highMs)) return '';
  const low = Math.max(0, Math.min(lowMs, highMs));
  const high = Math.max(0, lowMs, highMs);
  const unit = unitFor(high);
  const top = amountIn(high, unit);
  const bottom = amountIn(low, unit);
  const format = unitFormat(unit, locale, top.digits);
  if (unit === 'second') bottom.value = Math.max(1, bottom.value);
  else if (bottom.value < 1) {
    const own = amountIn(low, unitFor(low));
    return `${unitFormat(unitFor(low), locale, own.digits).format(Math.max(1, own.value))} – ${format.format(top.value)}`;
  }
  const topValue = Math.max(bottom.value, top.value);
  if (typeof format.formatRange === 'function') return format.formatRange(bottom.value, topValue);
  return bottom.value === topValue ? `~${format.format(topValue)}` : `${format.format(bottom.value)} – ${format.format(topValue)}`;
}
