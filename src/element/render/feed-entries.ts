import { noChange, type TemplateResult } from 'lit';
import { Directive, directive, PartType, type ChildPart, type DirectiveResult, type PartInfo } from 'lit/directive.js';
import { getCommittedValue, insertPart, removePart, setChildPartValue, setCommittedValue } from 'lit/directive-helpers.js';
import type { ActivityEntry } from '../../mapping/state.js';

type RenderEntry = (entry: ActivityEntry) => TemplateResult;

/**
 * The feed's newest `limit` entries, newest first. A feed changes by gaining entries at its
 * newest end and dropping its oldest ones: this directive then creates the new entries' nodes
 * and removes the dropped ones, and touches no other entry. Lit's `repeat` walked every kept
 * entry and built two key maps on each event, for every element of the page. Anything else (a
 * reset, another locale or wording, a function mapping that rewrote the feed) renders the
 * entries again in place. Relies on the state's contract: an entry never changes once made,
 * and a feed that changed is a new array (mappings must not mutate their arguments).
 */
class FeedEntriesDirective extends Directive {
  /** The feed shown, and the index of its oldest entry shown. */
  #activity: readonly ActivityEntry[] = [];
  #oldest = 0;
  /** What the entries' text depends on besides the entries (locale, wording). */
  #context = '';

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.CHILD) throw new Error('feedEntries() belongs in a child position');
  }

  render(activity: readonly ActivityEntry[], limit: number, _context: string, renderEntry: RenderEntry): TemplateResult[] {
    const shown: TemplateResult[] = [];
    for (let i = activity.length - 1; i >= oldestShown(activity, limit); i--) shown.push(renderEntry(activity[i] as ActivityEntry));
    return shown;
  }

  override update(
    container: ChildPart,
    [activity, limit, context, renderEntry]: [readonly ActivityEntry[], number, string, RenderEntry],
  ): unknown {
    const parts = getCommittedValue(container);
    const oldest = oldestShown(activity, limit);
    const added = Array.isArray(parts) && context === this.#context ? newEntries(this.#activity, this.#oldest, activity, oldest) : -1;
    this.#activity = activity;
    this.#oldest = oldest;
    this.#context = context;
    // The first render, and any other change: lit shows the list, reusing the parts in order.
    if (added < 0) return this.render(activity, limit, context, renderEntry);
    const entryParts = parts as ChildPart[];
    for (const part of entryParts.splice(activity.length - oldest - added)) removePart(part);
    // The new entries go before the newest one shown, newest first.
    const before = entryParts[0];
    const fresh: ChildPart[] = [];
    for (let i = activity.length - 1; i >= activity.length - added; i--) {
      const part = insertPart(container, before);
      setChildPartValue(part, renderEntry(activity[i] as ActivityEntry));
      fresh.push(part);
    }
    entryParts.unshift(...fresh);
    setCommittedValue(container, entryParts);
    return noChange;
  }
}

/** Index of the oldest entry shown (a limit of 0 shows all, as `slice(-0)` did). */
function oldestShown(activity: readonly ActivityEntry[], limit: number): number {
  return limit > 0 ? Math.max(0, activity.length - limit) : 0;
}

/**
 * How many entries `next` shows before the newest one `previous` showed, when the rest of what
 * `next` shows is what `previous` showed, in order (its oldest possibly dropped); -1 otherwise.
 */
function newEntries(
  previous: readonly ActivityEntry[],
  previousOldest: number,
  next: readonly ActivityEntry[],
  nextOldest: number,
): number {
  const newest = previous[previous.length - 1];
  let at = next.length - 1;
  while (at >= nextOldest && next[at] !== newest) at--;
  if (at < nextOldest) return -1;
  for (let i = at, j = previous.length - 1; i >= nextOldest; i--, j--) {
    if (j < previousOldest || next[i] !== previous[j]) return -1;
  }
  return next.length - 1 - at;
}

/** Renders a feed's entries newest first (see FeedEntriesDirective). */
export const feedEntries: (
  activity: readonly ActivityEntry[],
  limit: number,
  context: string,
  renderEntry: RenderEntry,
) => DirectiveResult<typeof FeedEntriesDirective> = directive(FeedEntriesDirective);
