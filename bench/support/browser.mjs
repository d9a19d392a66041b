// Headless Chromium for the browser benchmarks (puppeteer-core; /usr/bin/chromium or
// CHROME_PATH). One browser and one stream server are shared by all of them: launching Chromium
// takes longer than some benchmarks.
import puppeteer from 'puppeteer-core';
import { startServer } from './stream-server.mjs';

function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
    ],
  });
}

/** A blank page of the stream server (its import map resolves `lit` and fetch-event-source). */
export async function newPage(browser, origin) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${origin}/`);
  return page;
}

// Started on first use, so that `--only=size` or `--only=reducer` launches no browser.
const shared = {
  browser: undefined,
  server: undefined,
  async get() {
    if (!this.server) this.server = await startServer();
    if (!this.browser) this.browser = await launch();
    return { browser: this.browser, origin: `http://127.0.0.1:${this.server.address().port}` };
  },
  async close() {
    await this.browser?.close();
    this.server?.closeAllConnections();
    this.server?.close();
  },
};

/** Wraps `fn(browser, origin)` as a benchmark that runs in the shared browser. */
export function withBrowser(fn) {
  return async () => {
    const { browser, origin } = await shared.get();
    return fn(browser, origin);
  };
}

/** Closes the shared browser and server, if they were started. */
export const closeBrowser = () => shared.close();
