// The development aid for the classic silent failure: the backend renamed `processed_items`
// and the bar sits at 0 %. With diagnostics on, the reducer records, per event type, how many
// events reached the mapping and in how many of them each mapped data path was missing.

import { capKey } from './coerce.js';

export interface EventDiagnostics {
  /** Events of this type that reached the mapping (duplicates and heartbeats not counted). */
  count: number;
  /** Data path → in how many of those events it was missing (or null). */
  missing: Record<string, number>;
  /** Events the reducer could not apply, or on which a function mapping threw (the state was kept). */
  errors: number;
}

/** Per event type (the matched discriminator value or event name). */
export type DiagnosticsReport = Record<string, EventDiagnostics>;

/** Distinct event types and paths per type tracked; more types are folded into `(other)`, so memory stays bounded. */
const LIMIT = 100;

export class DiagnosticsRecorder {
  // A Map, not an object, while recording: event names such as `__proto__` are just names.
  readonly #entries = new Map<string, EventDiagnostics>();

  #entry(name: string): EventDiagnostics {
    // Event names and discriminator values come from the server: long ones are cut like keys.
    const type = capKey(name);
    const key = this.#entries.has(type) || this.#entries.size < LIMIT ? type : '(other)';
    const entry = this.#entries.get(key) ?? { count: 0, missing: {}, errors: 0 };
    this.#entries.set(key, entry);
    return entry;
  }

  /** One event of `type` reached the mapping, which found `missing` absent (a path read twice counts once). */
  record(type: string, missing: readonly string[]): void {
    const entry = this.#entry(type);
    entry.count++;
    for (const path of new Set(missing)) {
      const seen = Object.hasOwn(entry.missing, path);
      if (seen || Object.keys(entry.missing).length < LIMIT) entry.missing[path] = (seen ? (entry.missing[path] ?? 0) : 0) + 1;
    }
  }

  error(type: string): void {
    this.#entry(type).errors++;
  }

  /** A plain-object snapshot, safe to show or serialise. */
  report(): DiagnosticsReport {
    return Object.fromEntries([...this.#entries].map(([type, entry]) => [type, { ...entry, missing: { ...entry.missing } }]));
  }
}
