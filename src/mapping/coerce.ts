// Tolerant conversions of JSON values. Backends send numbers as strings ("45", "45.5%") and
// statuses as numbers often enough that a strict reading would leave the bar at 0 %.

const NUMERIC_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*%?\s*$/i;

/** A finite number from a number or numeric text; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
    const parsed = Number.parseFloat(value.replace(/^\s*\+/, ''));
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Numbers as text: integers as they are, fractions rounded to two decimals (no float noise). */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** Text from a string, number or boolean; undefined for null, objects and arrays. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** Server text kept in the state is capped, so one huge message cannot grow memory. */
export const MAX_TEXT_LENGTH = 1000;

export function capText(text: string): string {
  return text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH - 1)}…` : text;
}

/** The key a value is looked up by in a `map` table. */
export function lookupKey(value: unknown): string | undefined {
  return toText(value) ?? (value === null ? 'null' : undefined);
}
