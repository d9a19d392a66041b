// The checks of the shared-stream chaos runs (support/invariants.ts), each against made-up
// sequences it must accept and ones it must refuse: a chaos run that passes means something
// only if every check can fail. And the schedules are what the seed says, every time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgressSession } from '../../../src/session/index.js';
import { chaosMapping, jobId } from '../../chaos/job.mjs';
import { chaosEvent } from './support/chaos-server.js';
import {
  checkApplied,
  checkDelivered,
  checkOpenSamples,
  checkRequests,
  checkRoles,
  percentile,
  referenceState,
  stateDifference,
} from './support/invariants.js';
import { endsConnection, generateSharedSchedule } from './support/schedule.js';

const lines = (...ns: number[]) => ns.map((n) => `#${n} Item ${n}`);
const id = (n: number) => jobId(n, 1);

describe('shared chaos invariants', () => {
  it('checkDelivered and checkApplied: each event once, in order, to the end', () => {
    const ids = (...ns: number[]) => ns.map(id);
    assert.deepEqual(checkDelivered(ids(1, 2, 3, 4), 4), []);
    assert.deepEqual(checkDelivered(ids(1, 2, 2, 3, 4), 4), ['delivered: #2 twice (after #2)']);
    assert.deepEqual(checkDelivered(ids(1, 2, 4), 4), ['delivered: a gap, #2 then #4']);
    assert.deepEqual(checkDelivered(ids(1, 3, 2, 4), 4), ['delivered: a gap, #1 then #3', 'delivered: #2 after #3, out of order']);
    assert.deepEqual(checkDelivered(ids(1, 2, 3), 4), ['delivered: ends at #3, not at #4']);
    assert.deepEqual(checkDelivered([id(1), null, id(2)], 2), ['delivered: something that is no event of the job']);
    assert.deepEqual(checkApplied(lines(1, 2, 3, 4), 4), []);
    assert.deepEqual(checkApplied(lines(1, 2, 2, 3, 4), 4), ['applied: #2 twice (after #2)']);
    assert.deepEqual(checkApplied(lines(1, 2, 4), 4), ['applied: a gap, #2 then #4']);
    assert.deepEqual(checkApplied(lines(1, 2, 3), 4), ['applied: ends at #3, not at #4']);
    assert.deepEqual(checkApplied([...lines(1), 'Starting over', ...lines(2)], 2), ['applied: something that is no event of the job']);
  });

  it('stateDifference: the state of the events applied once, and nothing else', () => {
    const total = 6;
    const stateOf = (ns: number[]) => {
      const session = createProgressSession({ mapping: chaosMapping, feedLimit: 1000 });
      for (const n of ns) session.push({ ...chaosEvent(n, total), id: id(n) });
      return session.state;
    };
    const reference = referenceState(total, id);
    assert.equal(stateDifference(stateOf([1, 2, 3, 4, 5, 6]), reference), undefined);
    assert.match(stateDifference(stateOf([1, 2, 4, 3, 5, 6]), reference) ?? '', /^\.activity\.2: got "info\|\|#4 /);
    assert.match(stateDifference(stateOf([1, 2, 3, 4, 5]), reference) ?? '', /^\.status: got "running", expected "complete"/);
  });

  it('checkRequests: one request per connection-ending fault, each resuming from the newest event seen', () => {
    // Request k starts at k ms; the job's last event went out at 100 ms.
    let clock = 0;
    const request = (n?: number) => ({ lastEventId: n === undefined ? null : id(n), startedAt: clock++ });
    const late = (n: number) => ({ lastEventId: id(n), startedAt: 100 + clock++ });
    const resumes = [
      { fault: '@5 close the holder', min: 5, max: 5 },
      { fault: '@9 drop abrupt (racing)', min: 9, max: 12 },
    ];
    const problems = (requests: Parameters<typeof checkRequests>[0]) => checkRequests(requests, resumes, 100).problems;
    assert.deepEqual(problems([request(), request(5), request(11)]), []);
    assert.deepEqual(problems([request(), request(4), request(11)]), ['after @5 close the holder: resumed from #4, expected #5']);
    assert.deepEqual(problems([request(), request(5), request(13)]), ['after @9 drop abrupt (racing): resumed from #13, expected #9…#12']);
    assert.deepEqual(problems([request(), request(5), request(11), request(11)]), [
      '4 requests, expected 3 (one, and one more per connection-ending fault)',
    ]);
    assert.deepEqual(problems([request(2), request(5), request(11)]), ['the first request resumed from e1-2']);
    assert.match(problems([request(), request(), request(11)])[0] ?? '', /without a known Last-Event-ID/);
    // Once the job's last event is out, a tab may ask once more: set aside, and counted.
    assert.deepEqual(checkRequests([request(), request(5), request(11), late(19)], resumes, 100), { problems: [], afterEnd: 1 });
    assert.deepEqual(checkRequests([request(), request(5), request(11), late(19)], resumes, null).problems, [
      '4 requests, expected 3 (one, and one more per connection-ending fault)',
    ]);
  });

  it('checkOpenSamples and checkRoles: one connection, one holding tab', () => {
    assert.deepEqual(
      checkOpenSamples([
        { at: 'before @3', open: 1 },
        { at: 'before @7', open: 0 },
      ]),
      [],
    );
    assert.deepEqual(checkOpenSamples([{ at: 'before @7', open: 2 }]), ['2 connections open at once before @7']);
    assert.deepEqual(
      checkRoles([
        ['holder', 'holder'],
        ['follower', 'follower'],
      ]),
      [],
    );
    assert.deepEqual(checkRoles([['holder'], ['holder']]), ['2 tabs hold the stream']);
    assert.deepEqual(checkRoles([['follower'], ['follower']]), ['0 tabs hold the stream']);
    assert.deepEqual(checkRoles([['holder'], ['follower', 'holder']]), ['1 tabs whose elements disagree on their role']);
    assert.deepEqual(checkRoles([['holder'], [null]]), ['elements with role null']);
  });

  it('percentile: nearest rank', () => {
    assert.equal(percentile([30, 10, 20], 50), 20);
    assert.equal(percentile([10, 20, 30, 40], 50), 20);
    assert.equal(percentile([10, 20, 30, 40], 100), 40);
  });

  it('schedules: the same for the same seed; always a tab left awake to hold the stream', () => {
    assert.deepEqual(generateSharedSchedule(0x1234), generateSharedSchedule(0x1234));
    for (let seed = 1; seed <= 500; seed++) {
      const schedule = generateSharedSchedule(seed);
      assert.ok(schedule.tabs >= 2 && schedule.tabs <= 5 && schedule.elements >= 1 && schedule.elements <= 3);
      let awake = schedule.tabs;
      const thaws: number[] = [];
      for (const fault of schedule.faults) {
        assert.ok(fault.at >= 3 && fault.at <= schedule.events - 4, `seed ${seed}: a fault at #${fault.at}`);
        awake += thaws.filter((at) => at <= fault.at).length;
        thaws.splice(0, thaws.length, ...thaws.filter((at) => at > fault.at));
        if (fault.kind === 'open-tab') awake += 1;
        if (fault.kind === 'close' || fault.kind === 'navigate' || fault.kind === 'freeze') {
          assert.ok(awake >= 2, `seed ${seed}: ${fault.kind} of the last awake tab`);
          awake -= 1;
        }
        if (fault.kind === 'freeze') {
          assert.ok(fault.thawAt > fault.at && fault.thawAt <= schedule.events - 2);
          thaws.push(fault.thawAt);
        }
        assert.equal(endsConnection(fault), fault.kind === 'drop' || ('target' in fault && fault.target === 'holder'));
      }
    }
  });
});
