// When the element may open its first connection. In a page, the element is upgraded while
// the parser reaches it, before the scripts that follow it run: the README's
//   <progress-stream src=…></progress-stream>
//   <script> el.headers = … </script>
// would otherwise send its first request without the token (a wasted 401, a fatal 403 from
// FastAPI's HTTPBearer). Inline classic scripts, module scripts and `defer` scripts have all
// run by DOMContentLoaded, so the first connection waits for it (and for one more task, so
// that a DOMContentLoaded listener registered after ours has run too).

/** DOMContentLoaded has not fired yet in `doc`. */
export function documentStillLoading(doc: Document): boolean {
  if (doc.readyState === 'loading') return true;
  if (doc.readyState === 'complete') return false;
  // 'interactive' spans both "running deferred and module scripts" and "after
  // DOMContentLoaded, waiting for images": navigation timing tells them apart.
  const view = doc.defaultView;
  const entry = view?.performance?.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return entry !== undefined && entry.domContentLoadedEventStart === 0;
}

/**
 * Calls `ready` once `doc` has finished parsing and its deferred scripts have run (at once,
 * synchronously, when that is already so). Returns a function that cancels the wait.
 */
export function whenDocumentReady(doc: Document, ready: () => void): () => void {
  if (!documentStillLoading(doc)) {
    ready();
    return () => {};
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onLoaded = (): void => {
    timer = setTimeout(ready, 0);
  };
  doc.addEventListener('DOMContentLoaded', onLoaded, { once: true });
  return () => {
    doc.removeEventListener('DOMContentLoaded', onLoaded);
    if (timer !== undefined) clearTimeout(timer);
  };
}
