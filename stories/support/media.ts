// User preferences (reduced motion, colour scheme) cannot be switched from inside a page. Under
// `npm run test:storybook` the test browser emulates them (a Playwright command, exposed by
// .storybook/vitest.setup.ts); in Storybook itself, use the OS setting or the browser's
// DevTools (Rendering → Emulate CSS media feature).

export interface MediaFeatures {
  reducedMotion?: 'reduce' | 'no-preference' | null;
  colorScheme?: 'light' | 'dark' | 'no-preference' | null;
}

interface TestCommands {
  emulateMedia(features: MediaFeatures): Promise<void>;
}

declare global {
  var __progressStreamTestCommands: TestCommands | undefined;
}

/** Emulates the media features when the test browser can; false in Storybook itself. */
export async function emulateMedia(features: MediaFeatures): Promise<boolean> {
  const commands = globalThis.__progressStreamTestCommands;
  if (commands === undefined) return false;
  await commands.emulateMedia(features);
  return true;
}
