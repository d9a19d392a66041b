import { expect } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import { MIN_WATCHED_MS } from '../../src/element/internal/attention-controller.js';
import { part } from '../support/element-helpers.js';

// `notify` before its code is loaded: the notification code (attention-notify.ts) is loaded by
// the first element with `notify`, so in a fresh page the "Notify me" button comes one update
// after the code. (An end seen before the code is there is queued until it is; since an end is
// news only after MIN_WATCHED_MS of watching, that happens only when the code takes longer.)
// A file of its own: each test file gets a fresh page, where nothing has loaded the code yet.

const shown: string[] = [];
class StubNotification {
  static permission: NotificationPermission = 'granted';
  static requestPermission(): Promise<NotificationPermission> {
    return Promise.resolve('granted');
  }
  onclick: ((event: Event) => void) | null = null;
  constructor(title: string) {
    shown.push(title);
  }
  close(): void {}
}

const win = window as unknown as { Notification?: unknown };
const realNotification = win.Notification;
const realTitle = document.title;
let hidden = false;

afterEach(() => {
  hidden = false;
  document.dispatchEvent(new Event('visibilitychange'));
  delete (document as { visibilityState?: unknown }).visibilityState;
  win.Notification = realNotification;
  document.title = realTitle;
});

const step = (progress: number, name = 'scanning') => ({ event: 'message', data: JSON.stringify({ step: name, progress, message: '' }) });

/** Waits (a bounded number of frames) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

it('the button follows the code; a job watched while the code loads notifies at its end', async () => {
  win.Notification = StubNotification;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.title = 'Reports';
  const el = document.createElement('progress-stream') as ProgressStream;
  el.preset = 'step-percent';
  el.label = 'Import';
  el.notify = true;
  document.body.append(el);
  try {
    el.push(step(10));
    await el.updateComplete;
    expect(el.state.status).to.equal('running');
    expect(part(el, 'notify-button'), 'no button before the code').to.equal(null);
    // An end is news only after the job was watched running for MIN_WATCHED_MS (not a replay).
    await new Promise((resolve) => setTimeout(resolve, MIN_WATCHED_MS + 20));
    hidden = true;
    el.push(step(100, 'complete'));
    await el.updateComplete;
    expect(el.state.status).to.equal('complete');

    await until(() => shown.length > 0);
    expect(shown).to.deep.equal(['Import complete']);
    expect(document.title).to.equal('✓ Reports');

    // The next job shows the button (the code is there now), permission already granted: none.
    StubNotification.permission = 'default';
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    el.reset();
    el.push(step(5));
    await until(() => part(el, 'notify-button') !== null);
    expect(part(el, 'notify-button')?.textContent?.trim()).to.equal('Notify me');
  } finally {
    el.remove();
  }
});
