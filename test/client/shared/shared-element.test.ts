// <progress-stream shared>: the attribute and property reflect each other and become the
// session's `share`, so elements of one stream use one connection (counted on the scripted SSE
// server); a late element shows the job so far; `disconnect()` is per element. Without
// `shared`, every element keeps its own connection.
import { expect } from '@open-wc/testing';
import '../../../src/element/progress-stream.js';
import type { ProgressStream } from '../../../src/element/progress-stream.js';
import { until } from '../../support/element-helpers.js';
import { scenario, sse } from '../../support/sse-server.js';

const elements: ProgressStream[] = [];

function element(src: string, shared: boolean): ProgressStream {
  const el = document.createElement('progress-stream');
  el.src = src;
  el.shared = shared;
  el.heartbeatTimeout = 0;
  document.body.append(el);
  elements.push(el);
  return el;
}

const step = (id: string, progress: number) => sse({ id, data: { step: 'scanning', progress, message: `at ${progress}` } });

describe('<progress-stream shared>', () => {
  afterEach(() => {
    for (const el of elements.splice(0)) el.remove();
  });

  it('reflects the property as the boolean attribute, and reads the attribute', async () => {
    const el = element('', true);
    await el.updateComplete;
    expect(el.hasAttribute('shared')).to.equal(true);
    el.removeAttribute('shared');
    expect(el.shared).to.equal(false);
  });

  it('shares one connection between elements of one stream; a late one shows the job so far', async () => {
    const server = await scenario({ responses: [{ steps: [{ write: step('1', 20) + step('2', 40) }, { hold: true }] }] });
    const [a, b] = [element(server.url, true), element(server.url, true)];
    await until(() => a.state.percent === 40 && b.state.percent === 40, 'both elements at 40 %');
    const late = element(server.url, true);
    await until(() => late.state.percent === 40, 'the late element at 40 %');
    expect(await server.requests()).to.have.length(1);
    expect([a, b, late].map((el) => el.shareRole)).to.deep.equal(['holder', 'holder', 'holder']);
    expect(late.state.activity.map((entry) => entry.message)).to.deep.equal(['at 20', 'at 40']);
    a.disconnect();
    await server.push({ write: step('3', 60) }, { hold: true });
    await until(() => b.state.percent === 60 && late.state.percent === 60, 'the others at 60 %');
    expect(a.state.percent).to.equal(40);
    expect(a.shareRole).to.equal(undefined);
    expect(await server.requests()).to.have.length(1);
  });

  it('keeps one connection per element without the attribute', async () => {
    const server = await scenario({ responses: [{ steps: [{ write: step('1', 20) }, { hold: true }] }] });
    const [a, b] = [element(server.url, false), element(server.url, false)];
    await until(() => a.state.percent === 20 && b.state.percent === 20, 'both elements at 20 %');
    expect(await server.requests()).to.have.length(2);
    expect(a.shareRole).to.equal(undefined);
  });
});
