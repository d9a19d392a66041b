// The command-line flags every headless Chromium of the tests runs with (the browser suite, the
// Storybook tests, the Node-driven page tests): Debian's Chromium in a container, with nothing
// running in the background that could make a request or take CPU during a test.

export const HEADLESS_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * For pages that run side by side (test files in parallel pages, several tabs): without these,
 * every page but one counts as a background tab whose animation frames and timers are throttled
 * or paused.
 */
export const UNTHROTTLED_FLAGS = [
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];
