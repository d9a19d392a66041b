/**
 * Delay before reconnection attempt `attempt` (1-based): exponential growth from `baseMs`,
 * capped at `maxMs`, with "full jitter" (a uniform draw between 0 and that bound) so that many
 * clients dropped at once by a deploy do not come back in lockstep.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const bound = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(bound * Math.min(Math.max(random(), 0), 1));
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when it is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number.parseInt(trimmed, 10) * 1000;
  // Every HTTP-date form starts with a day name; anything else ("-5", "1.5") is not one.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
