// The document title as a signal for a hidden tab: "✓ Report" when a job completed while the
// page was hidden, "✗ Report" when one failed. The title belongs to the page, and several
// elements may end while it is hidden, so one owner per document holds the prefix: the worst
// outcome wins (✗ over ✓), the original title is put back when the page becomes visible, and a
// title the page set in the meantime is kept (only our prefix is taken off it).

export type TitleOutcome = 'complete' | 'failed';

const PREFIX: Record<TitleOutcome, string> = { complete: '✓ ', failed: '✗ ' };

interface Marked {
  /** The title before the prefix, as `document.title` reads it. */
  original: string;
  /** How to put the title back exactly (its raw text, or no <title> element at all). */
  undo: () => void;
  /** What we set, to tell our title from one the page set meanwhile. */
  applied: string;
  outcome: TitleOutcome;
  restore: () => void;
}

const marked = new WeakMap<Document, Marked>();

/**
 * Prefixes `doc`'s title with the outcome's mark until the page is visible again. Does nothing
 * on a visible page (the person is looking at the element). A failure replaces a ✓ mark; a
 * completion never replaces a ✗ one.
 */
export function markTitle(doc: Document, outcome: TitleOutcome): void {
  if (doc.visibilityState !== 'hidden') return;
  const current = marked.get(doc);
  if (current) {
    if (current.outcome === 'failed' || outcome === current.outcome) return;
    // The page may have changed the title since: the new one is the original now.
    if (doc.title !== current.applied) {
      current.original = stripPrefix(doc.title);
      const title = current.original;
      current.undo = () => {
        doc.title = title;
      };
    }
    current.outcome = outcome;
    current.applied = setTitle(doc, PREFIX[outcome] + current.original);
    return;
  }
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') restoreTitle(doc);
  };
  doc.addEventListener('visibilitychange', onVisibility);
  const original = doc.title;
  marked.set(doc, {
    original,
    undo: exactTitle(doc),
    applied: setTitle(doc, PREFIX[outcome] + original),
    outcome,
    restore: () => doc.removeEventListener('visibilitychange', onVisibility),
  });
}

/** Takes the mark off (the page became visible); keeps a title the page set meanwhile. */
export function restoreTitle(doc: Document): void {
  const current = marked.get(doc);
  if (!current) return;
  marked.delete(doc);
  current.restore();
  if (doc.title === current.applied) current.undo();
  else doc.title = stripPrefix(doc.title);
}

/**
 * What puts the title back byte for byte: `document.title` reads collapsed whitespace, and
 * assigning it creates a <title> element when the page had none.
 */
function exactTitle(doc: Document): () => void {
  const element = doc.querySelector('title');
  if (element === null) return () => doc.querySelector('title')?.remove();
  const raw = element.textContent ?? '';
  return () => {
    element.textContent = raw;
  };
}

/** Assigns and returns what the document reports back (it collapses whitespace). */
function setTitle(doc: Document, title: string): string {
  doc.title = title;
  return doc.title;
}

/** The title without a mark of ours at its start (the page built its title from ours). */
function stripPrefix(title: string): string {
  for (const prefix of Object.values(PREFIX)) {
    if (title.startsWith(prefix)) return title.slice(prefix.length);
  }
  return title;
}
