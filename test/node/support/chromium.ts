// The headless Chromium of the Node-driven browser tests (demo, cluster, framework examples,
// shared streams in tabs, visual checks): Debian's /usr/bin/chromium or CHROME_PATH, through
// puppeteer-core (nothing is downloaded). Pages in several tabs must not be throttled as
// background tabs, so that every suite sees the same timers.
import puppeteer, { type Browser } from 'puppeteer-core';
import { HEADLESS_FLAGS, UNTHROTTLED_FLAGS } from '../../support/chromium-flags.mjs';

const CHROME_ARGS = ['--headless=new', ...HEADLESS_FLAGS, ...UNTHROTTLED_FLAGS];

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium', headless: true, args: CHROME_ARGS });
}
