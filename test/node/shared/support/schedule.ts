// Seeded fault schedules for the shared-stream chaos runs (test/node/shared/chaos.test.ts), from
// the same generator and seed derivation as the browser chaos suite (test/chaos/schedule.mjs),
// so a failure is replayed from its seed alone. A schedule is N tabs (2–5) of M shared elements
// (1–3) on one job, and faults that fire once the job has published event `at`:
// - close, freeze, navigate: the holding tab (or a following one) is closed, frozen through CDP
//   (Page.setWebLifecycleState; thawed again once event `thawAt` is out) or navigated away;
// - open-tab: a new tab of M elements joins mid-job;
// - drop: the server ends the connection (cleanly, abruptly, or halfway through an event).
// A `racing` fault fires while a burst of events is being published, not at a quiet moment.
// At least one tab is always awake and open: some tab must be there to hold the stream.
import { seededRandom } from '../../../support/seeded-random.mjs';
import type { DropKind } from './chaos-server.js';

export type TabFault =
  | { at: number; kind: 'close' | 'navigate'; target: 'holder' | 'follower'; pick: number; racing: boolean }
  | { at: number; kind: 'freeze'; target: 'holder' | 'follower'; pick: number; racing: boolean; thawAt: number }
  | { at: number; kind: 'open-tab' }
  | { at: number; kind: 'drop'; how: DropKind; racing: boolean };

export interface SharedSchedule {
  seed: number;
  tabs: number;
  /** Shared elements per tab. */
  elements: number;
  events: number;
  /** Ids outside Latin-1, which the new holder sends back as UTF-8 header bytes. */
  unicodeIds: boolean;
  faults: TabFault[];
}

/** Whether a fault ends the connection: the next request must resume from the newest id seen. */
export const endsConnection = (fault: TabFault): boolean => fault.kind === 'drop' || ('target' in fault && fault.target === 'holder');

export function generateSharedSchedule(seed: number): SharedSchedule {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const tabs = int(2, 5);
  const elements = int(1, 3);
  const events = int(24, 40);
  const positions = new Set<number>();
  const count = int(2, 5);
  while (positions.size < count) positions.add(int(3, events - 4));

  // Awake, open tabs as the faults go, so that one always remains.
  let awake = tabs;
  const thaws: number[] = [];
  const faults = [...positions]
    .sort((a, b) => a - b)
    .map((at): TabFault => {
      for (let i = thaws.length - 1; i >= 0; i--) {
        if (thaws[i]! <= at) {
          thaws.splice(i, 1);
          awake += 1;
        }
      }
      const r = random();
      const target = random() < 0.7 ? 'holder' : 'follower';
      const pick = random();
      const racing = random() < 0.35;
      // Closing, freezing or navigating the last awake tab would leave no one to hold the stream.
      if (r < 0.55 && awake >= 2) {
        awake -= 1;
        if (r < 0.2) return { at, kind: 'close', target, pick, racing };
        if (r < 0.35) return { at, kind: 'navigate', target, pick, racing };
        const thawAt = Math.min(events - 2, at + int(1, 8));
        thaws.push(thawAt);
        return { at, kind: 'freeze', target, pick, racing, thawAt };
      }
      if (r < 0.75) {
        awake += 1;
        return { at, kind: 'open-tab' };
      }
      const how = (['clean', 'abrupt', 'mid-event'] as const)[int(0, 2)]!;
      return { at, kind: 'drop', how, racing };
    });
  return { seed, tabs, elements, events, unicodeIds: random() < 0.5, faults };
}

export function describeFault(fault: TabFault): string {
  const racing = 'racing' in fault && fault.racing ? ' (racing)' : '';
  if (fault.kind === 'open-tab') return `@${fault.at} open a tab`;
  if (fault.kind === 'drop') return `@${fault.at} drop ${fault.how}${racing}`;
  const thaw = fault.kind === 'freeze' ? ` until @${fault.thawAt}` : '';
  return `@${fault.at} ${fault.kind} the ${fault.target}${thaw}${racing}`;
}
