// "Did you mean …?" hints for misspelt mapping keys and data fields.

/** Edit distance between two short strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo (within a third of
 * the longer length) or a renamed field (the same last word part: `processed_items` →
 * `enriched_items`).
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    const longer = Math.max(word.length, candidate.length);
    const limit = Math.min(word.length, candidate.length) < 4 ? 1 : Math.max(2, Math.floor(longer / 3));
    if (distance <= limit && distance < bestScore) {
      best = candidate;
      bestScore = distance;
    }
  }
  if (best !== undefined) return best;
  // A renamed field usually keeps its noun: `processed_items` → `enriched_items`.
  const noun = wordParts(word).at(-1);
  if (noun === undefined) return undefined;
  return candidates.find((candidate) => candidate !== word && wordParts(candidate).at(-1) === noun);
}

/** `processed_items`, `processedItems` → `processed`, `items` (parts of three letters or more). */
function wordParts(word: string): string[] {
  return word
    .split(/[_\-.\s]+|(?=[A-Z])/)
    .map((p) => p.toLowerCase())
    .filter((p) => p.length > 2);
}
