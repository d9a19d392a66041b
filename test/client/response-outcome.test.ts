import { expect } from '@open-wc/testing';
import { isEventStream } from '../../src/client/event-stream-type.js';
import { classifyResponse } from '../../src/client/response-outcome.js';

const response = (status: number, contentType?: string) =>
  new Response(status === 204 || status === 304 ? null : '', {
    status,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });

describe('classifyResponse', () => {
  it('opens on 200 text/event-stream only', () => {
    expect(classifyResponse(response(200, 'text/event-stream'))).to.deep.equal({ type: 'open' });
    expect(classifyResponse(response(200, 'text/event-stream;charset=utf-8'))).to.deep.equal({ type: 'open' });
    expect(classifyResponse(response(200, 'application/json'))).to.include({ type: 'fatal', kind: 'content-type' });
    expect(classifyResponse(response(200, 'text/event-streamx'))).to.include({ type: 'fatal', kind: 'content-type' });
  });

  it('treats 204 as done and 401 as a case for the unauthorized hook', () => {
    expect(classifyResponse(response(204))).to.deep.equal({ type: 'done' });
    expect(classifyResponse(response(401))).to.deep.equal({ type: 'unauthorized' });
    expect(classifyResponse(response(403))).to.include({ type: 'fatal', kind: 'auth', status: 403 });
  });

  it('retries 5xx, 408 and 429', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599]) {
      expect(classifyResponse(response(status)), String(status)).to.include({ type: 'retry', status });
    }
  });

  it('fails for good on other 2xx, final 3xx and other 4xx', () => {
    for (const status of [201, 202, 206, 300, 304, 400, 404, 405, 410, 422]) {
      expect(classifyResponse(response(status, 'text/event-stream')), String(status)).to.include({ type: 'fatal', kind: 'http', status });
    }
  });
});

describe('isEventStream', () => {
  it('compares the media type essence, case-insensitively', () => {
    expect(isEventStream('TEXT/EVENT-STREAM')).to.equal(true);
    expect(isEventStream(' text/event-stream ; charset=utf-8')).to.equal(true);
    expect(isEventStream('text/plain')).to.equal(false);
    expect(isEventStream(null)).to.equal(false);
  });
});
