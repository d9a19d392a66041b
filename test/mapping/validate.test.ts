import { expect } from '@open-wc/testing';
import { createReducer, MappingValidationError, presets, validateMapping, type MappingIssue } from '../../src/mapping/index.js';

// Every problem, with its JSON pointer, at creation time.

function paths(issues: MappingIssue[]): string[] {
  return issues.map((issue) => issue.path);
}

describe('validateMapping', () => {
  it('accepts every preset, and each survives a JSON round trip unchanged', () => {
    for (const [name, preset] of Object.entries(presets)) {
      expect(validateMapping(preset), name).to.deep.equal([]);
      const copy: unknown = JSON.parse(JSON.stringify(preset));
      expect(copy, name).to.deep.equal(preset);
      expect(validateMapping(copy), name).to.deep.equal([]);
    }
  });

  it('rejects what is not a mapping', () => {
    for (const value of [null, 42, 'step-percent', [], undefined]) {
      expect(paths(validateMapping(value)), String(value)).to.deep.equal(['']);
    }
    expect(validateMapping({})).to.deep.equal([{ path: '/events', message: 'is required' }]);
    expect(paths(validateMapping({ events: {} }))).to.deep.equal(['/events']);
    expect(paths(validateMapping({ events: [] }))).to.deep.equal(['/events']);
  });

  it('reports every problem at once, each at its path', () => {
    const issues = validateMapping({
      evnts: {},
      version: 2,
      discriminator: '',
      steps: ['a', { id: 'a' }, { label: 'No id' }],
      heartbeatEvents: ['ping'],
      events: {
        ping: { message: 'm' },
        progress: {
          percnt: 'x',
          percent: '__proto__.polluted',
          message: { template: 'Batch {a} of {b' },
          step: { index: 'i', indexBase: 2 },
          status: 'done',
          when: 'step === "x"',
          metrics: { Orders: 42 },
          activity: [{ text: 'ok', level: 'loud' }, { txt: 'typo' }],
        },
        'a/b': { percent: { current: 'c' } },
      },
      derive: { smoothingMs: -1 },
    });
    expect(paths(issues)).to.deep.equal([
      '/evnts',
      '/version',
      '/discriminator',
      '/steps/1',
      '/steps/2/id',
      '/events/progress/percnt',
      '/events/progress/when',
      '/events/progress/step/indexBase',
      '/events/progress/percent',
      '/events/progress/message/template',
      '/events/progress/metrics/Orders',
      '/events/progress/status',
      '/events/progress/activity/0/level',
      '/events/progress/activity/1/txt',
      '/events/progress/activity/1',
      '/events/a~1b/percent',
      '/heartbeatEvents/0',
      '/derive/smoothingMs',
    ]);
    const byPath = new Map(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath.get('/evnts')).to.contain('not a known key');
    expect(byPath.get('/events/progress/percnt')).to.contain('not a known key');
    expect(byPath.get('/events/progress/percent')).to.contain('"__proto__" is not allowed');
    expect(byPath.get('/events/progress/status')).to.contain('one of idle, running, paused, complete, failed, cancelled');
    expect(byPath.get('/heartbeatEvents/0')).to.contain('also has a rule');
    expect(byPath.get('/events/a~1b/percent')).to.contain('both "current" and "total"');
  });

  it('rejects prototype paths wherever a path appears', () => {
    const places = [
      { jobKey: 'constructor' },
      { runId: ['id', 'prototype.x'] },
      { discriminator: '__proto__' },
      { terminalWhen: 'constructor == 1' },
      { events: { p: { message: { template: 'x {__proto__.y}' } } } },
      { events: { p: { when: { path: 'a.prototype', exists: true } } } },
      { events: { p: { metrics: { N: { sum: ['a', 'constructor'] } } } } },
    ];
    for (const place of places) {
      const issues = validateMapping({ events: { q: {} }, ...place });
      expect(issues.length, JSON.stringify(place)).to.equal(1);
      expect(issues[0]?.message, JSON.stringify(place)).to.match(/not allowed|known root/);
    }
    expect(
      paths(validateMapping({ events: { p: { metrics: JSON.parse('{"__proto__": "n"}') as Record<string, string> } } })),
    ).to.deep.equal(['/events/p/metrics/__proto__']);
  });

  it('explains malformed values, conditions and templates', () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ percent: 5 }, '/events/p/percent', /must be a path/],
      [{ percent: { path: 'a', value: 1 } }, '/events/p/percent', /one of path, template, value, sum/],
      [{ percent: { scale: 100 } }, '/events/p/percent', /one of path, template, value, sum/],
      [{ percent: { path: 'a', scale: 'x' } }, '/events/p/percent/scale', /must be a number/],
      [{ message: [] }, '/events/p/message', /empty array/],
      [{ message: 'a..b' }, '/events/p/message', /empty segment/],
      [{ message: '$nope' }, '/events/p/message', /not a known root/],
      [{ message: { template: 'x } y' } }, '/events/p/message/template', /unmatched "\{" or "}"/],
      [{ when: 'progress > high' }, '/events/p/when', /needs a number/],
      [{ when: { any: [] } }, '/events/p/when/any', /non-empty array/],
      [{ when: { path: 'a', equls: 1 } }, '/events/p/when/equls', /not a known key/],
      [{ when: { all: ['a', { path: 'b' }] } }, '/events/p/when/all/1', /needs an operator/],
      [{ activity: true }, '/events/p/activity', /must be false/],
      [{ activity: { level: 'info' } }, '/events/p/activity', /needs "text"/],
      [{ step: { status: 'complete' } }, '/events/p/step', /needs "id" or "index"/],
      [{ step: { id: 's', status: 'finished' } }, '/events/p/step/status', /pending, active, complete, failed, skipped/],
      [{ etaSeconds: 'a', etaMs: 'b' }, '/events/p', /both "etaSeconds" and "etaMs"/],
      [{ startsJob: 'yes' }, '/events/p/startsJob', /true or false/],
      [{ percent: { fromSteps: false } }, '/events/p/percent/fromSteps', /must be true/],
      [{ step: { id: 's', percent: { fromSteps: true } } }, '/events/p/step/percent/fromSteps', /not allowed in a step/],
    ];
    for (const [rule, path, message] of cases) {
      const issues = validateMapping({ events: { p: rule } });
      expect(issues.length, JSON.stringify(rule)).to.equal(1);
      expect(issues[0]?.path, JSON.stringify(rule)).to.equal(path);
      expect(issues[0]?.message, JSON.stringify(rule)).to.match(message);
    }
  });

  it('is what createReducer throws', () => {
    const broken = { events: { p: { percent: 'a..b' } }, unknownEvents: 'loud' };
    const expected = validateMapping(broken);
    expect(expected.length).to.equal(2);
    try {
      createReducer(broken as never);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(MappingValidationError);
      expect((error as MappingValidationError).errors).to.deep.equal(expected);
    }
  });
});
