import { expect } from '@open-wc/testing';
import { describeConnection } from '../../src/element/render/connection-indicator.js';
import { defaultStrings, type ProgressStreamStrings } from '../../src/element/strings.js';
import type { ConnectionStatus } from '../../src/client/index.js';
import { createInitialState, type JobStatus, type ProgressState } from '../../src/mapping/state.js';
import type { ConnectionView } from '../../src/session/types.js';

// describeConnection: what the connection indicator says (tone, text, Retry button) for every
// connection status, and how the job's own end outranks the connection.

const NOW = 1_000_000;

const job = (status: JobStatus, extra: Partial<ProgressState> = {}): ProgressState => ({ ...createInitialState(), status, ...extra });
const connection = (status: ConnectionStatus, extra: Partial<ConnectionView> = {}): ConnectionView => ({
  status,
  attempt: 0,
  retryAt: null,
  error: null,
  ...extra,
});
const describeWith = (state: ProgressState, view: ConnectionView, strings: ProgressStreamStrings = defaultStrings) =>
  describeConnection(state, view, 5, NOW, strings);

describe('describeConnection', () => {
  it('names every connection status of a running job', () => {
    const running = job('running');
    expect(describeWith(running, connection('idle'))).to.deep.equal({ tone: 'idle', text: 'Waiting for updates', canRetry: false });
    expect(describeWith(running, connection('connecting'))).to.deep.equal({ tone: 'pending', text: 'Connecting…', canRetry: false });
    expect(describeWith(running, connection('open'))).to.deep.equal({ tone: 'live', text: 'Live', canRetry: false });
    expect(describeWith(running, connection('offline'))).to.deep.equal({
      tone: 'offline',
      text: 'Live updates unavailable',
      canRetry: true,
    });
    expect(describeWith(running, connection('closed'))).to.deep.equal({ tone: 'idle', text: 'Stream ended', canRetry: false });
  });

  it('counts down a reconnection wait in whole seconds, rounded up, and offers Retry during it', () => {
    const running = job('running');
    const waiting = (ms: number) => describeWith(running, connection('reconnecting', { attempt: 2, retryAt: NOW + ms }));
    expect(waiting(2500)).to.deep.equal({ tone: 'warning', text: 'Reconnecting 2/5, next try in 3 s', canRetry: true });
    expect(waiting(3000).text).to.equal('Reconnecting 2/5, next try in 3 s');
    expect(waiting(1).text, 'never "0 s"').to.equal('Reconnecting 2/5, next try in 1 s');
  });

  it('says only "reconnecting" while the try runs or once its time has passed (nothing to skip)', () => {
    const running = job('running');
    const trying = { tone: 'warning', text: 'Reconnecting 3/5…', canRetry: false };
    expect(describeWith(running, connection('reconnecting', { attempt: 3 }))).to.deep.equal(trying);
    expect(describeWith(running, connection('reconnecting', { attempt: 3, retryAt: NOW }))).to.deep.equal(trying);
    expect(describeWith(running, connection('reconnecting', { attempt: 3, retryAt: NOW - 500 }))).to.deep.equal(trying);
  });

  it("the job's end outranks the connection: a finished job's closed stream is no problem", () => {
    for (const status of ['closed', 'offline', 'reconnecting'] as const) {
      const view = connection(status, { attempt: 1, retryAt: NOW + 5000 });
      expect(describeWith(job('complete'), view)).to.deep.equal({ tone: 'complete', text: 'Complete', canRetry: false });
      expect(describeWith(job('cancelled'), view)).to.deep.equal({ tone: 'complete', text: 'Cancelled', canRetry: false });
      expect(describeWith(job('failed'), view)).to.deep.equal({ tone: 'failed', text: 'Failed', canRetry: false });
    }
  });

  it('a failure gives its reason, or for several jobs how many failed', () => {
    const closed = connection('closed');
    expect(describeWith(job('failed', { error: 'Disk full' }), closed).text).to.equal('Failed: Disk full');
    const jobs = [
      { ...job('failed'), key: 'a' },
      { ...job('complete'), key: 'b' },
      { ...job('failed'), key: 'c' },
    ];
    expect(describeWith(job('failed', { error: 'ignored for several jobs', jobs }), closed).text).to.equal('2 of 3 failed');
  });

  it('uses the strings it is given, placeholders filled', () => {
    const strings: ProgressStreamStrings = {
      ...defaultStrings,
      live: 'Verbunden',
      reconnectingIn: 'Versuch {attempt} von {max} in {seconds} s',
      offline: 'Keine Live-Daten',
    };
    const running = job('running');
    expect(describeWith(running, connection('open'), strings).text).to.equal('Verbunden');
    expect(describeWith(running, connection('reconnecting', { attempt: 1, retryAt: NOW + 10_000 }), strings).text).to.equal(
      'Versuch 1 von 5 in 10 s',
    );
    expect(describeWith(running, connection('offline'), strings).text).to.equal('Keine Live-Daten');
  });
});
