// The development aid for the classic silent failure: the backend renamed `processed_items`
// and the bar sits at 0 %. With diagnostics on, the reducer records, per event type, which
// mapped data paths were missing in real events, and which field the data had instead.

import type { ParsedPath, PathSource } from './paths.js';
import { whereMissing } from './paths.js';
import { closestMatch } from './suggest.js';

export interface EventDiagnostics {
  /** Events of this type that reached the mapping (duplicates and heartbeats not counted). */
  count: number;
  /** Data path → in how many of those events it was missing (or null). */
  missing: Record<string, number>;
  /** Data path → the mapping locations that read it, such as `/events/progress/percent`. */
  fields: Record<string, string[]>;
  /** Data path → a field the data had instead, when one looks like a rename. */
  suggestions: Record<string, string>;
  /** True when no rule matched this event type. */
  unmatched: boolean;
  /** Events whose data was not JSON. */
  nonJson: number;
  /** Replayed events dropped because their id (and content) had just been applied. */
  duplicates: number;
  /** Events ignored because their job had already ended. */
  afterEnd: number;
  /** Events on which a function mapping threw, or that the reducer could not apply (the state was kept). */
  errors: number;
}

/** Per event type (the discriminator value or the SSE event name). */
export type DiagnosticsReport = Record<string, EventDiagnostics>;

/** Distinct event types tracked; more are folded into `(other)`, so memory stays bounded. */
const MAX_EVENT_TYPES = 100;
const MAX_PATHS_PER_TYPE = 100;
const OTHER = '(other)';

function emptyEntry(): EventDiagnostics {
  return { count: 0, missing: {}, fields: {}, suggestions: {}, unmatched: false, nonJson: 0, duplicates: 0, afterEnd: 0, errors: 0 };
}

interface PathRecord {
  count: number;
  fields: Set<string>;
  suggestion?: string;
}

type RecordedEntry = EventDiagnostics & { paths: Map<string, PathRecord> };

export class DiagnosticsRecorder {
  // Maps, not objects, while recording: event names such as `__proto__` are just names.
  readonly #entries = new Map<string, RecordedEntry>();
  /** Paths already counted for the event being reduced (a path read twice counts once). */
  readonly #counted = new Set<string>();
  /** Paths the mapping reads: never suggested as the new name of a missing one. */
  readonly #mapped: ReadonlySet<string>;

  constructor(mappedPaths: ReadonlySet<string> = new Set()) {
    this.#mapped = mappedPaths;
  }

  #entry(type: string): RecordedEntry {
    let entry = this.#entries.get(type);
    if (entry === undefined) {
      if (this.#entries.size >= MAX_EVENT_TYPES && type !== OTHER) return this.#entry(OTHER);
      entry = { ...emptyEntry(), paths: new Map() };
      this.#entries.set(type, entry);
    }
    return entry;
  }

  /** A new event of `type` reached the mapping. */
  begin(type: string, nonJson: boolean): void {
    this.#counted.clear();
    const entry = this.#entry(type);
    entry.count++;
    if (nonJson) entry.nonJson++;
  }

  unmatched(type: string): void {
    this.#entry(type).unmatched = true;
  }

  duplicate(type: string): void {
    this.#entry(type).duplicates++;
  }

  afterEnd(type: string): void {
    this.#entry(type).afterEnd++;
  }

  error(type: string): void {
    this.#entry(type).errors++;
  }

  /** `field` (a mapping location) read `path`, which this event lacked. */
  missing(type: string, field: string, path: ParsedPath, source: PathSource): void {
    const entry = this.#entry(type);
    let record = entry.paths.get(path.text);
    if (record === undefined) {
      if (entry.paths.size >= MAX_PATHS_PER_TYPE) return;
      record = { count: 0, fields: new Set() };
      entry.paths.set(path.text, record);
    }
    record.fields.add(field);
    if (!this.#counted.has(path.text)) {
      this.#counted.add(path.text);
      record.count++;
    }
    if (record.suggestion === undefined) {
      const where = whereMissing(path, source);
      if (where !== undefined) {
        const prefix = path.segments.slice(0, where.index);
        const full = (key: string): string => [...(path.text.startsWith('$.') ? ['$'] : []), ...prefix, key].join('.');
        const unmapped = where.available.filter((key) => !this.#mapped.has(full(key)));
        const hint = closestMatch(where.segment, unmapped);
        if (hint !== undefined) record.suggestion = full(hint);
      }
    }
  }

  /** A plain-object snapshot, safe to show or serialise. */
  report(): DiagnosticsReport {
    const report: DiagnosticsReport = {};
    for (const [type, entry] of this.#entries) {
      const out: EventDiagnostics = { ...emptyEntry(), count: entry.count, unmatched: entry.unmatched, nonJson: entry.nonJson, duplicates: entry.duplicates, afterEnd: entry.afterEnd, errors: entry.errors };
      for (const [path, record] of entry.paths) {
        out.missing[path] = record.count;
        out.fields[path] = [...record.fields];
        if (record.suggestion !== undefined) out.suggestions[path] = record.suggestion;
      }
      Object.defineProperty(report, type, { value: out, enumerable: true, writable: true, configurable: true });
    }
    return report;
  }
}

/** One readable line per problem, most telling first (paths missing in every event). */
export function formatDiagnostics(report: DiagnosticsReport): string[] {
  const lines: Array<{ weight: number; text: string }> = [];
  for (const [type, entry] of Object.entries(report)) {
    if (entry.unmatched) lines.push({ weight: 2, text: `"${type}": no rule matches this event type (${entry.count} seen)` });
    for (const [path, count] of Object.entries(entry.missing)) {
      const always = count === entry.count;
      const fields = entry.fields[path]?.join(', ') ?? '';
      const hint = entry.suggestions[path];
      lines.push({
        weight: always ? 3 : 1,
        text: `"${type}": "${path}" is undefined in ${always ? 'every event' : `${count} of ${entry.count} events`} (read by ${fields})${hint ? `; the data has "${hint}"` : ''}`,
      });
    }
    if (entry.errors > 0) lines.push({ weight: 3, text: `"${type}": the mapping function threw on ${entry.errors} event(s)` });
    if (entry.nonJson > 0) lines.push({ weight: 1, text: `"${type}": ${entry.nonJson} event(s) had data that is not JSON` });
  }
  return lines.sort((a, b) => b.weight - a.weight).map((line) => line.text);
}
