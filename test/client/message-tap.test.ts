// Issue 15: the session's plain-call message path. A `message` CustomEvent costs more than
// parsing the event it carries, so a StreamClient builds none until someone listens for
// `message`, and the session (ClientBinding) receives messages through `tapMessages` instead.
import { expect } from '@open-wc/testing';
import { tapMessages } from '../../src/client/message-target.js';
import { StreamClient } from '../../src/client/stream-client.js';
import type { StreamMessage } from '../../src/client/types.js';
import { ClientBinding } from '../../src/session/client-binding.js';
import type { ProgressClient } from '../../src/session/types.js';

/** A fetch whose one response is a stream the test writes to. */
function memoryStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const fetch = () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
  return { fetch, write: (text: string) => controller.enqueue(new TextEncoder().encode(text)) };
}

/** A client on `stream` whose DOM events are recorded by type (listened to or not). */
function spiedClient(stream: ReturnType<typeof memoryStream>): { client: StreamClient; dispatched: string[] } {
  const client = new StreamClient({ url: 'http://127.0.0.1/events', fetch: stream.fetch, heartbeatTimeoutMs: 0 });
  const dispatched: string[] = [];
  const dispatch = client.dispatchEvent.bind(client);
  client.dispatchEvent = (event: Event) => {
    dispatched.push(event.type);
    return dispatch(event);
  };
  return { client, dispatched };
}

const until = async (what: string, predicate: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
};

describe('StreamClient: messages without a DOM event (tapMessages)', () => {
  const clients: StreamClient[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('builds no message event while nobody listens for one; a tap gets every message', async () => {
    const stream = memoryStream();
    const { client, dispatched } = spiedClient(stream);
    clients.push(client);
    const tapped: StreamMessage[] = [];
    tapMessages(client, (m) => tapped.push(m));
    client.connect();
    stream.write('id: 1\ndata: a\n\nevent: step\ndata: b\n\n');
    await until('two tapped messages', () => tapped.length === 2);
    expect(tapped).to.deep.equal([
      { id: '1', event: 'message', data: 'a' },
      { id: '1', event: 'step', data: 'b' },
    ]);
    expect(dispatched).to.include('status');
    expect(dispatched).not.to.include('message');

    // Someone listens: from now on the event is dispatched, after the tap, with the same object.
    const heard: StreamMessage[] = [];
    client.addEventListener('message', (e) => heard.push(e.detail));
    stream.write('data: c\n\n');
    await until('a heard message', () => heard.length === 1);
    expect(tapped).to.have.length(3);
    expect(heard[0]).to.equal(tapped[2]);
    expect(dispatched.filter((t) => t === 'message')).to.have.length(1);
  });

  it('stops a tap with the function it returned', async () => {
    const stream = memoryStream();
    const { client } = spiedClient(stream);
    clients.push(client);
    const first: string[] = [];
    const second: string[] = [];
    const untap = tapMessages(client, (m) => first.push(m.data));
    tapMessages(client, (m) => second.push(m.data));
    client.connect();
    stream.write('data: a\n\n');
    await until('the first message', () => second.length === 1);
    untap();
    stream.write('data: b\n\n');
    await until('the second message', () => second.length === 2);
    expect(first).to.deep.equal(['a']);
    expect(second).to.deep.equal(['a', 'b']);
  });

  it('reports a tap that throws, as a throwing listener is, and the stream goes on', async () => {
    const stream = memoryStream();
    const { client } = spiedClient(stream);
    clients.push(client);
    const reported: unknown[] = [];
    const previous = window.onerror;
    window.onerror = (_message, _source, _line, _column, error) => {
      reported.push(error);
      return true;
    };
    try {
      const seen: string[] = [];
      tapMessages(client, (m) => {
        seen.push(m.data);
        if (m.data === 'a') throw new Error('tap failed');
      });
      client.connect();
      stream.write('data: a\n\ndata: b\n\n');
      await until('both messages and the report', () => seen.length === 2 && reported.length === 1);
      expect((reported[0] as Error).message).to.equal('tap failed');
      expect(client.status).to.equal('open');
    } finally {
      window.onerror = previous;
    }
  });
});

describe('ClientBinding: how the session listens to a client', () => {
  it('takes a StreamClient’s messages through the tap, and lets go of them on detach', async () => {
    const stream = memoryStream();
    const { client, dispatched } = spiedClient(stream);
    const messages: string[] = [];
    const binding = new ClientBinding({ message: (m) => messages.push(m.data), status: () => {}, error: () => {}, role: () => {} });
    binding.attach(client, false);
    client.connect();
    stream.write('data: a\n\n');
    await until('a message', () => messages.length === 1);
    expect(dispatched).not.to.include('message');
    binding.detach();
    stream.write('data: b\n\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(messages).to.deep.equal(['a']);
    client.close();
  });

  it('listens for message events on any other client', () => {
    const other = Object.assign(new EventTarget(), { status: 'open' as const, connect() {}, close() {} }) satisfies ProgressClient;
    const messages: string[] = [];
    const binding = new ClientBinding({ message: (m) => messages.push(m.data), status: () => {}, error: () => {}, role: () => {} });
    binding.attach(other, false);
    other.dispatchEvent(new CustomEvent('message', { detail: { event: 'message', data: 'x' } }));
    binding.detach();
    other.dispatchEvent(new CustomEvent('message', { detail: { event: 'message', data: 'y' } }));
    expect(messages).to.deep.equal(['x']);
  });
});
