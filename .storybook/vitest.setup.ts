// Runs before the stories in Vitest only. Stories must also build without Vitest, so they
// cannot import 'vitest/browser'; the browser commands they may use are exposed here instead.
import { commands } from 'vitest/browser';
import type { MediaFeatures } from '../stories/support/media.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulateMedia: (features: MediaFeatures) => Promise<void>;
  }
}

globalThis.__progressStreamTestCommands = {
  emulateMedia: (features) => commands.emulateMedia(features),
};
