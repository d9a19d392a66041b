// Phase 5 of applying an event: the activity lines it produces (not yet in any feed; see
// activity.ts). The lines the rules spell out, or, when no rule has an `activity` key, one
// default line: the failure, the completion, the cancellation, or else a new message.

import type { NewActivity } from './activity.js';
import { capKey, capText, toList, toText } from './coerce.js';
import { holds } from './conditions.js';
import type { EventRule } from './mapping-types.js';
import { readWord } from './rule-reading.js';
import type { ProgressState } from './state.js';
import { ACTIVITY_LEVEL } from './statuses.js';
import { readValue, type ReadContext } from './values.js';

/** Lines the rules spell out, or undefined when none has an `activity` key (the default lines apply). */
export function explicitLines(rules: readonly EventRule[], context: ReadContext): NewActivity[] | undefined {
  if (rules.every((rule) => rule.activity === undefined)) return undefined;
  const lines: NewActivity[] = [];
  for (const { activity = false } of rules) {
    for (const item of activity === false ? [] : toList(activity)) {
      const line = typeof item === 'string' ? { text: item } : item;
      if (line.when !== undefined && !holds(line.when, context)) continue;
      const text = toText(readValue(typeof line.text === 'string' ? { template: line.text } : line.text, context));
      // A line the mapping spells out belongs to a step only when the mapping says which.
      const step = toText(readValue(line.step, context));
      if (text)
        lines.push({
          level: ACTIVITY_LEVEL.read(readWord(line.level, context)) ?? 'info',
          message: capText(text),
          step: step === undefined ? undefined : capKey(step),
        });
    }
  }
  return lines;
}

/** The line an event says without explicit lines, if any; it carries the current step. */
export function defaultLine(before: ProgressState, after: ProgressState): NewActivity | undefined {
  const step = after.steps[after.stepIndex ?? -1]?.id;
  const said = after.message !== before.message && after.message ? after.message : undefined;
  if (after.status !== before.status) {
    if (after.status === 'failed') return { level: 'error', message: after.error ?? 'Failed', step };
    if (after.status === 'complete') return { level: 'success', message: said ?? 'Complete', step };
    if (after.status === 'cancelled') return { level: 'warning', message: said ?? 'Cancelled', step };
  }
  return said === undefined ? undefined : { level: 'info', message: said, step };
}
