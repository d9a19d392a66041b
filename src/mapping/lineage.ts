// Ties each state a reducer produces to its ledger (see ledger.ts) without putting anything
// hidden into the state object: a WeakMap from state to (ledger, generation), so states the
// caller drops are collected with their entries.

import { Ledger } from './ledger.js';
import type { ProgressState } from './state.js';
import type { StreamMessage } from '../client/types.js';

export interface Lineage {
  ledger: Ledger;
  generation: number;
}

export class Lineages {
  readonly #known = new WeakMap<ProgressState, Lineage>();
  readonly #smoothingMs: number;

  constructor(smoothingMs: number) {
    this.#smoothingMs = smoothingMs;
  }

  /**
   * The ledger to continue from `state`: its own when `state` is the newest of its line, a fork
   * when an older state is reduced again, a new one for a state this reducer did not produce.
   */
  of(state: ProgressState): Lineage {
    const known = this.#known.get(state);
    if (known === undefined) return { ledger: new Ledger(this.#smoothingMs), generation: 0 };
    if (known.generation === known.ledger.head) return known;
    return { ledger: known.ledger.fork(known.generation), generation: known.generation };
  }

  /** Registers `next` as the newest state of the line, having applied `dedupeKey`. */
  produce(next: ProgressState, lineage: Lineage, dedupeKey: string | undefined): ProgressState {
    const generation = ++lineage.ledger.head;
    this.#known.set(next, { ledger: lineage.ledger, generation });
    if (dedupeKey !== undefined) lineage.ledger.remember(dedupeKey, generation);
    return next;
  }

  /** Nothing to apply, but the stream moved on: only `lastEventId` may change. */
  passOver(state: ProgressState, message: StreamMessage, lineage: Lineage, dedupeKey: string | undefined): ProgressState {
    if (message.id === undefined || message.id === state.lastEventId) {
      if (dedupeKey !== undefined) lineage.ledger.remember(dedupeKey, lineage.generation);
      return state;
    }
    return this.produce({ ...state, lastEventId: message.id }, lineage, dedupeKey);
  }
}

/**
 * The key a message is recognised by when replayed. The id alone is not enough: events without
 * an `id:` field inherit the previous id, so the content hash is part of the key.
 */
export function dedupeKeyOf(message: StreamMessage, hash: number): string | undefined {
  return message.id === undefined ? undefined : `${message.id}\u0000${hash}`;
}
