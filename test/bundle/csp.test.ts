import { expect } from '@open-wc/testing';
import { scenario, sse } from '../support/sse-server.js';

// The standalone bundle in a page with a strict Content-Security-Policy and Trusted Types
// enforced (test/fixtures/csp.html): server text full of XSS payloads must render inert, and
// nothing may violate the policy. (npm test builds dist/ first.)

interface Result {
  violations: string[];
  xss: number | null;
  dangerous: number;
  textShown: boolean;
  fieldsWithPayload: string[];
  textParts: string[];
  livePercent: number | null;
}

describe('<progress-stream> under a strict CSP with Trusted Types', () => {
  it('renders XSS payloads as text, streams, and reports zero violations', async () => {
    const payload = '<img src=x onerror="window.__xss=9">';
    const server = await scenario({
      responses: [
        {
          steps: [
            { write: sse({ id: '1', data: { step: 'scanning', progress: 50, message: payload } }) },
            { write: sse({ id: '2', data: { step: 'complete', progress: 100, message: payload } }) },
            { hold: true },
          ],
        },
      ],
    });
    const frame = document.createElement('iframe');
    const messages: Array<{ type: string } & Partial<Result>> = [];
    window.addEventListener('message', (e) => messages.push(e.data));
    frame.src = '/test/fixtures/csp.html';
    document.body.append(frame);
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        if (messages.some((m) => m.type === 'ready')) resolve();
        else if (Date.now() - started > 5000) reject(new Error('CSP page did not load'));
        else setTimeout(tick, 20);
      };
      tick();
    });
    frame.contentWindow?.postMessage({ type: 'run', streamUrl: server.url }, '*');
    const result = await new Promise<Result>((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        const found = messages.find((m) => m.type === 'result');
        if (found) resolve(found as Result);
        else if (Date.now() - started > 8000) reject(new Error('CSP page did not report'));
        else setTimeout(tick, 20);
      };
      tick();
    });
    frame.remove();
    expect(result.violations).to.deep.equal([]);
    expect(result.xss).to.equal(null);
    expect(result.dangerous).to.equal(0);
    expect(result.textShown).to.equal(true);
    // Every field that shows server text shows the payload, as text.
    expect(result.fieldsWithPayload).to.deep.equal(result.textParts);
    expect(result.livePercent).to.equal(100);
    const [request] = await server.requests();
    expect(request?.headers['authorization']).to.equal('Bearer csp-test-token');
    expect(request?.url).to.not.include('csp-test-token');
  });
});
