import { expect } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { StatusDetail, StreamErrorDetail } from '../../src/client/types.js';
import { createReducer, MappingValidationError, type Mapping } from '../../src/mapping/index.js';
import { scenario, sse, type Scenario } from '../support/sse-server.js';
import { settled, until } from '../support/element-helpers.js';
import { captureConsole, type ConsoleCapture } from '../support/console-capture.js';

// An attacker's view of <progress-stream>: where could a credential leak, which requests carry
// cookies, and can a mapping or the data it reads run code or reach into prototypes? (XSS
// payloads in every rendered field, under a strict CSP with Trusted Types, are in
// test/bundle/csp.test.ts; the chaos suite checks the token on every one of its requests.)

const config = (await (await fetch('/__test/config')).json()) as { crossOrigin: string };

/** The same scripted stream, served from the second origin. */
const crossOriginUrl = (server: Scenario) => `${config.crossOrigin}${new URL(server.url).pathname}`;

describe('security: credentials', () => {
  const cookie = 'ps_test_session=s3ss10n';
  before(() => {
    document.cookie = `${cookie}; path=/; SameSite=Lax`;
  });
  after(() => {
    document.cookie = 'ps_test_session=; path=/; max-age=0';
  });

  async function cookieSent(where: 'same-origin' | 'cross-origin', withCredentials: boolean): Promise<string | undefined> {
    const server = await scenario({
      responses: [{ steps: [{ write: sse({ id: '1', data: { step: 'a', progress: 5 } }) }, { hold: true }] }],
    });
    const el = document.createElement('progress-stream');
    if (withCredentials) el.setAttribute('with-credentials', '');
    el.src = where === 'same-origin' ? server.url : crossOriginUrl(server);
    document.body.append(el);
    await until(() => el.state.percent === 5, `the ${where} stream`);
    el.remove();
    const [request] = await server.requests();
    return request?.headers['cookie'];
  }

  it('same-origin streams carry the page cookies (fetch credentials same-origin)', async () => {
    expect(await cookieSent('same-origin', false)).to.include(cookie);
  });

  it('cross-origin streams carry no cookies unless with-credentials asks for them', async () => {
    expect(await cookieSent('cross-origin', false)).to.equal(undefined);
    expect(await cookieSent('cross-origin', true)).to.include(cookie);
  });
});

describe('security: the bearer token never leaks', () => {
  const secret = 'tok_9f8e7d6c5b4a3f2e1d0c';
  let capture: ConsoleCapture;
  before(() => (capture = captureConsole()));
  after(() => capture.restore());

  /** Everything a token could hide in after a run: requests, DOM, attributes, events, state. */
  async function leaks(el: ProgressStream, server: Scenario, seen: { errors: StreamErrorDetail[]; statuses: StatusDetail[] }) {
    await settled(el);
    const places: Record<string, string> = {
      'request URLs': (await server.requests()).map((r) => r.url).join(' '),
      'request bodies': (await server.requests()).map((r) => r.body).join(' '),
      attributes: el
        .getAttributeNames()
        .map((n) => `${n}=${el.getAttribute(n) ?? ''}`)
        .join(' '),
      'light DOM': el.outerHTML,
      'shadow DOM': el.shadowRoot?.innerHTML ?? '',
      'stream-error events': JSON.stringify(seen.errors),
      'connection-change events': JSON.stringify(seen.statuses),
      state: JSON.stringify(el.state),
      console: capture.lines.join('\n'),
      storage: JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
      'page URL': location.href,
    };
    return Object.entries(places)
      .filter(([, text]) => text.includes(secret))
      .map(([place]) => place);
  }

  function watch(el: ProgressStream) {
    const seen = { errors: [] as StreamErrorDetail[], statuses: [] as StatusDetail[] };
    el.addEventListener('stream-error', (e) => seen.errors.push(e.detail));
    el.addEventListener('connection-change', (e) => seen.statuses.push(e.detail));
    return seen;
  }

  const flows: Array<{
    name: string;
    responses: Parameters<typeof scenario>[0]['responses'];
    refresh: boolean;
    expect: (el: ProgressStream) => boolean;
  }> = [
    {
      name: 'a stream that works',
      responses: [{ steps: [{ write: sse({ id: '1', data: { step: 'a', progress: 30, message: 'working' } }) }, { hold: true }] }],
      refresh: false,
      expect: (el) => el.state.percent === 30,
    },
    {
      name: '401 answered by a refresh',
      responses: [{ status: 401 }, { steps: [{ write: sse({ id: '1', data: { step: 'a', progress: 40 } }) }, { hold: true }] }],
      refresh: true,
      expect: (el) => el.state.percent === 40,
    },
    { name: '401 that no refresh fixes', responses: [{ status: 401 }], refresh: true, expect: (el) => el.client?.status === 'offline' },
    { name: '403', responses: [{ status: 403 }], refresh: false, expect: (el) => el.client?.status === 'offline' },
    { name: '500 until offline', responses: [{ status: 500 }], refresh: false, expect: (el) => el.client?.status === 'offline' },
  ];

  for (const flow of flows) {
    it(`${flow.name}: not in a URL, attribute, DOM, event, error, state, storage or log`, async () => {
      const server = await scenario({ responses: flow.responses });
      const el = document.createElement('progress-stream');
      el.setAttribute('max-retries', '1');
      el.setAttribute('retry-delay', '10');
      el.setAttribute('debug', '');
      let version = 0;
      el.headers = () => ({ authorization: `Bearer ${secret}-${version}` });
      if (flow.refresh) {
        el.onUnauthorized = () => {
          version += 1;
          return true;
        };
      }
      const seen = watch(el);
      el.src = server.url;
      document.body.append(el);
      await until(() => flow.expect(el), flow.name);
      const requests = await server.requests();
      expect(
        requests.every((r) => r.headers['authorization']?.startsWith(`Bearer ${secret}`)),
        'sent as a header',
      ).to.equal(true);
      expect(await leaks(el, server, seen)).to.deep.equal([]);
      el.remove();
    });
  }
});

describe('security: a mapping cannot run code or reach prototypes', () => {
  const prototypePaths = ['__proto__.polluted', 'constructor.prototype.polluted', 'a.constructor', 'prototype', 'x.__proto__'];

  it('refuses every path into a prototype, wherever it appears', () => {
    for (const path of prototypePaths) {
      const places: Mapping[] = [
        { events: { e: { message: path } } },
        { events: { e: { percent: { path } } } },
        { events: { e: { message: { template: `{${path}}` } } } },
        { events: { e: { activity: { text: 'x', when: `${path} == 1` } } } },
        { events: { e: { metrics: { m: path } } } },
        { jobKey: path, events: { e: {} } },
      ];
      for (const mapping of places) {
        expect(() => createReducer(mapping), `${path} in ${JSON.stringify(mapping)}`).to.throw(MappingValidationError);
      }
    }
  });

  it('data that names __proto__ or constructor changes no prototype and reads nothing inherited', () => {
    const reducer = createReducer({
      events: { e: { message: 'polluted', operation: 'toString', activity: { text: 'seen {n}{hasOwnProperty?}' } } },
    });
    let state = reducer.initialState();
    const hostile = [
      '{"n": 1, "__proto__": {"polluted": "yes", "toString": "x"}}',
      '{"n": 2, "constructor": {"prototype": {"polluted": "yes"}}}',
      '{"n": 3, "polluted": {"__proto__": {"length": 1}}}',
    ];
    for (const data of hostile) state = reducer(state, { event: 'e', data });
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.prototype.toString.call([])).to.equal('[object Array]');
    expect(state.operation, 'toString is not an own field').to.equal('');
    expect(state.activity.map((a) => a.message)).to.deep.equal(['seen 1', 'seen 2', 'seen 3']);
  });

  it('template and condition text is never evaluated: it is data, shown as text', async () => {
    const el = document.createElement('progress-stream');
    el.mapping = {
      events: {
        e: {
          message: { template: '{{constructor.constructor("window.__mappingXss=1")()}} {name}' },
          activity: { text: '${window.__mappingXss=2} {name}', when: 'name != "alert(3)"' },
        },
      },
    };
    document.body.append(el);
    el.push({ event: 'e', data: JSON.stringify({ name: '<img src=x onerror="window.__mappingXss=4">' }) });
    await settled(el);
    const root = el.shadowRoot;
    expect((window as unknown as Record<string, unknown>)['__mappingXss']).to.equal(undefined);
    expect(root?.querySelector('[part~="message"]')?.textContent).to.equal(
      '{constructor.constructor("window.__mappingXss=1")()} <img src=x onerror="window.__mappingXss=4">',
    );
    expect(root?.querySelectorAll('img').length).to.equal(0);
    el.remove();
  });
});
