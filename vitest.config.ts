// The Storybook stories as tests (`npm run test:storybook`): every story renders in headless
// Chromium, its play function runs, then the accessibility check (addon-a11y, violations fail).
// The stories and their Vite settings come from .storybook/ through the Storybook plugin.
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import type { BrowserCommand } from 'vitest/node';
import { HEADLESS_FLAGS } from './test/support/chromium-flags.mjs';

// No browser download: use the system Chromium.
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

interface MediaFeatures {
  reducedMotion?: 'reduce' | 'no-preference' | null;
  colorScheme?: 'light' | 'dark' | 'no-preference' | null;
}

/** Lets a story emulate user preferences (prefers-reduced-motion, prefers-color-scheme). */
const emulateMedia: BrowserCommand<[MediaFeatures]> = async (context, features) => {
  await context.page.emulateMedia(features);
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
        test: {
          name: 'storybook',
          setupFiles: ['.storybook/vitest.setup.ts'],
          // The stories wait on timers (real-time replays, reconnection delays) far more than on
          // the CPU, so three story files run at once (one browser tab each) even on two cores.
          maxWorkers: 3,
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath,
                args: [...HEADLESS_FLAGS],
              },
            }),
            instances: [{ browser: 'chromium' }],
            commands: { emulateMedia },
          },
        },
      },
    ],
  },
});
