// What the tests of shared streams in real tabs have in common (their Chromium comes from
// test/node/support/chromium.ts): a deadline-bound poll, and each page's `window.report()` (one
// row per <progress-stream>; both the job server's tab page and the chaos page expose it).
import type { Page } from 'puppeteer-core';

export interface ElementReport {
  src: string;
  status: string;
  connection: string | null;
  role: 'holder' | 'follower' | null;
  /** The element's activity lines, oldest first: one per event applied. */
  applied: string[];
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Polls `check` until it holds; a deadline for the test, not a measurement. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const report = <R extends ElementReport = ElementReport>(page: Page): Promise<R[]> =>
  page.evaluate(() => (window as unknown as { report(): R[] }).report());

export async function reports<R extends ElementReport = ElementReport>(pages: readonly Page[]): Promise<R[]> {
  return (await Promise.all(pages.map((page) => report<R>(page)))).flat();
}

/**
 * The one page of `pages` whose elements all hold the stream, once every element of the others
 * follows (`perPage` elements a page).
 */
export async function holderOf(pages: readonly Page[], perPage: number, timeoutMs = 10_000): Promise<Page> {
  let holder: Page | undefined;
  await until(
    async () => {
      const roles = await Promise.all(pages.map(async (page) => (await report(page)).map((r) => r.role)));
      const holding = roles.flatMap((list, i) => (list.every((role) => role === 'holder') ? [pages[i]!] : []));
      holder = holding.length === 1 ? holding[0] : undefined;
      return holder !== undefined && roles.flat().filter((role) => role === 'follower').length === (pages.length - 1) * perPage;
    },
    'one holding tab and the others following',
    timeoutMs,
  );
  return holder!;
}
