// What every benchmark page shares: its parameters and the way back to the bench server. A page
// runs its benchmark as soon as it loads and posts the result: nothing drives it from outside
// while it measures (see bench/support/browser.mjs).
const token = location.pathname.split('/').pop();

/** What the driver passed to this page (support/page-runs.mjs puts it in the HTML). */
export const params = JSON.parse(document.getElementById('params').textContent);

const post = (kind, body) => fetch(`/${kind}/${token}`, { method: 'POST', body });

/** Notes a point in time at the driver, which samples the renderers' CPU time there. */
export const mark = (name) => post('mark', name);

/** A progress line on the driver's stderr (a page without DevTools has no console to read). */
export const log = (text) => post('log', text);

/** A full garbage collection (the browser runs with --js-flags=--expose-gc). */
export const gc = () => window.gc?.();

/** Resolves after `n` animation frames. */
export const frames = (n) =>
  new Promise((resolve) => {
    const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });

/** The heap in use after two forced collections. */
export async function heapAfterGc() {
  await frames(2);
  gc();
  gc();
  return performance.memory.usedJSHeapSize;
}

// What the page can tell about itself. navigator.webdriver is true when Chromium was started
// open to automation (a debugging port or pipe, or --enable-automation); the page cannot see a
// DevTools session as such, which is why the driver also checks the browser's command lines.
const probe = () => ({ webdriver: navigator.webdriver, visibility: document.visibilityState });

let reported = false;
function report(body) {
  if (reported) return;
  reported = true;
  void post('result', JSON.stringify({ ...body, probe: probe() }));
}
const describe = (error) => String(error?.stack ?? error?.message ?? error);

/** Runs the page's benchmark (an async function) and posts its result, or the first error. */
export function run(benchmark) {
  addEventListener('error', (e) => report({ error: describe(e.error ?? e.message) }));
  addEventListener('unhandledrejection', (e) => report({ error: describe(e.reason) }));
  benchmark().then(
    (result) => report({ result }),
    (error) => report({ error: describe(error) }),
  );
}
