// Timers outlive a story: a mock transport keeps replaying after the canvas moved on. Each story
// registers what must stop; the preview's `beforeEach` cleanup (and the next render of the same
// story) runs it.
const pending = new Map<string, Array<() => void>>();

export function onCleanup(storyId: string, stop: () => void): void {
  const list = pending.get(storyId) ?? [];
  list.push(stop);
  pending.set(storyId, list);
}

export function cleanupStory(storyId: string): void {
  const list = pending.get(storyId);
  pending.delete(storyId);
  for (const stop of list ?? []) stop();
}
