// Renders useProgressStream in a real React root in the test page, and lets tests rerender it
// with new options, read what it returned, and unmount it.
import { act, createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useProgressStream, type UseProgressStreamOptions, type UseProgressStreamResult } from '../../src/react/index.js';

const reactGlobals = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };

/**
 * Runs `work` inside act(), so that the render and its effects have run when it resolves.
 * Outside act() the flag stays off: the session's updates arrive from the network and from
 * animation frames, and React then renders them on its own, as in an app, without warnings.
 */
async function inAct(work: () => void): Promise<void> {
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => work());
  } finally {
    reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

export interface HookHarness {
  /** What the hook returned at the latest render. */
  readonly current: UseProgressStreamResult;
  /** What it returned at every render, oldest first. */
  readonly renders: readonly UseProgressStreamResult[];
  /** What the component put in the page: `status|state.status|percent`. */
  text(): string;
  rerender(options: UseProgressStreamOptions): Promise<void>;
  unmount(): Promise<void>;
}

const mounted = new Set<HookHarness>();

/** Mounts a component that calls the hook with `options` (inside <StrictMode> if `strict`). */
export async function renderHook(options: UseProgressStreamOptions, { strict = false } = {}): Promise<HookHarness> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const renders: UseProgressStreamResult[] = [];

  function Probe(props: { options: UseProgressStreamOptions }) {
    const result = useProgressStream(props.options);
    renders.push(result);
    return createElement('output', null, `${result.status}|${result.state.status}|${result.state.percent ?? 'none'}`);
  }
  const tree = (next: UseProgressStreamOptions) => {
    const probe = createElement(Probe, { options: next });
    return strict ? createElement(StrictMode, null, probe) : probe;
  };

  let unmounted = false;
  const harness: HookHarness = {
    get current() {
      const last = renders.at(-1);
      if (!last) throw new Error('the hook has not rendered');
      return last;
    },
    renders,
    text: () => host.textContent ?? '',
    rerender: (next) => inAct(() => root.render(tree(next))),
    async unmount() {
      if (unmounted) return;
      unmounted = true;
      mounted.delete(harness);
      await inAct(() => root.unmount());
      host.remove();
    },
  };
  mounted.add(harness);
  await inAct(() => root.render(tree(options)));
  return harness;
}

/** Unmounts whatever a test left mounted (for afterEach). */
export async function unmountAll(): Promise<void> {
  for (const harness of [...mounted]) await harness.unmount();
}
