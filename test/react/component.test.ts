import { expect } from '@open-wc/testing';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ProgressStream, type ProgressStreamProps } from '../../src/react/component.js';
import type { ProgressStream as ProgressStreamElement } from '../../src/element/progress-stream.js';
import type { ControlEventDetail } from '../../src/element/events.js';
import type { Mapping } from '../../src/mapping/index.js';
import { part, settled, text } from '../support/element-helpers.js';

// The React wrapper (@progress-stream/core/react/component) in a real React root: its `on…`
// props are the element's DOM events, including the cancelable control events, and its object
// props (`mapping`, `actions`) reach the element as properties.

const reactGlobals = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
const mapping: Mapping = { events: { message: { status: { path: 'status' }, percent: 'progress' } } };

let root: Root | undefined;
let host: HTMLElement | undefined;

async function render(props: ProgressStreamProps): Promise<ProgressStreamElement> {
  host ??= document.body.appendChild(document.createElement('div'));
  root ??= createRoot(host);
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => root?.render(createElement(ProgressStream, props)));
  } finally {
    reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
  }
  const el = host.querySelector<ProgressStreamElement>('progress-stream');
  if (el === null) throw new Error('the wrapper rendered no <progress-stream>');
  await settled(el);
  return el;
}

afterEach(async () => {
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => root?.unmount());
  } finally {
    reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
  }
  root = undefined;
  host?.remove();
  host = undefined;
});

async function runningJob(el: ProgressStreamElement): Promise<void> {
  el.push({ event: 'message', data: JSON.stringify({ status: 'running', progress: 40 }) });
  await settled(el);
}

function button(el: ProgressStreamElement, name: string): HTMLButtonElement {
  const node = part(el, name);
  if (!(node instanceof HTMLButtonElement)) throw new Error(`no ${name} button`);
  return node;
}

describe('@progress-stream/core/react/component: <ProgressStream>', () => {
  it('calls onProgressCancel with the state; preventDefault() there leaves the cancel to the app', async () => {
    const seen: ControlEventDetail[] = [];
    const asked: string[] = [];
    const el = await render({
      label: 'Export',
      mapping,
      actions: { cancel: () => asked.push('cancel') },
      onProgressCancel: (event) => {
        seen.push(event.detail);
        event.preventDefault();
      },
    });
    await runningJob(el);
    button(el, 'cancel-button').click();
    await settled(el);
    expect(seen.map((detail) => [detail.state.status, detail.state.percent])).to.deep.equal([['running', 40]]);
    expect(asked).to.deep.equal([]);
    expect(part(el, 'confirm-no'), 'no question either').to.equal(null);
  });

  it('without preventDefault() the element asks, then runs the action; pause and resume reach their props', async () => {
    const events: string[] = [];
    const asked: string[] = [];
    const el = await render({
      label: 'Export',
      mapping,
      actions: { cancel: () => asked.push('cancel'), pause: () => asked.push('pause'), resume: () => asked.push('resume') },
      onProgressCancel: () => events.push('cancel'),
      onProgressPause: () => events.push('pause'),
      onProgressResume: () => events.push('resume'),
    });
    await runningJob(el);
    button(el, 'pause-button').click();
    await settled(el);
    el.push({ event: 'message', data: JSON.stringify({ status: 'paused', progress: 40 }) });
    await settled(el);
    button(el, 'resume-button').click();
    await settled(el);
    await runningJob(el);
    button(el, 'cancel-button').click();
    await settled(el);
    expect(text(part(el, 'confirm'))).to.contain('Cancel this job?');
    button(el, 'confirm-yes').click();
    await settled(el);
    expect(events).to.deep.equal(['pause', 'resume', 'cancel']);
    expect(asked).to.deep.equal(['pause', 'resume', 'cancel']);
  });

  it('calls onProgressUpdate and onProgressComplete, and follows new callback props', async () => {
    const first: number[] = [];
    const second: number[] = [];
    const completed: string[] = [];
    const el = await render({ mapping, onProgressUpdate: (event) => first.push(event.detail.percent ?? -1) });
    await runningJob(el);
    await render({
      mapping,
      onProgressUpdate: (event) => second.push(event.detail.percent ?? -1),
      onProgressComplete: (event) => completed.push(event.detail.status),
    });
    el.push({ event: 'message', data: JSON.stringify({ status: 'complete', progress: 100 }) });
    await settled(el);
    expect(first).to.include(40);
    expect(first).to.not.include(100);
    expect(second).to.include(100);
    expect(completed).to.deep.equal(['complete']);
  });
});
