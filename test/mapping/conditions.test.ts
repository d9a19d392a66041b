import { expect } from '@open-wc/testing';
import { holds, looseEquals, parseConditionText } from '../../src/mapping/conditions.js';
import { validateMapping, type Condition, type MappingIssue } from '../../src/mapping/index.js';
import { message } from './helpers.js';

function check(condition: Condition, data: unknown): boolean {
  expect(problems(condition), JSON.stringify(condition)).to.deep.equal([]);
  return holds(condition, { data, message: message('e', data) });
}

/** The problems of a condition, located relative to the condition itself. */
function problems(condition: unknown): MappingIssue[] {
  return validateMapping({ events: { e: { when: condition } } }).map((issue) => ({ ...issue, path: issue.path.replace('/events/e', '') }));
}

describe('conditions', () => {
  it('read the short text form', () => {
    expect(parseConditionText('step == "complete"')).to.deep.equal({ path: 'step', equals: 'complete' });
    expect(parseConditionText("step != 'error'")).to.deep.equal({ path: 'step', notEquals: 'error' });
    expect(parseConditionText('step == complete')).to.deep.equal({ path: 'step', equals: 'complete' });
    expect(parseConditionText('progress >= 100')).to.deep.equal({ path: 'progress', gte: 100 });
    expect(parseConditionText('a.b<3')).to.deep.equal({ path: 'a.b', lt: 3 });
    expect(parseConditionText('done == true')).to.deep.equal({ path: 'done', equals: true });
    expect(parseConditionText('error == null')).to.deep.equal({ path: 'error', equals: null });
    expect(parseConditionText('error')).to.deep.equal({ path: 'error', exists: true });
    expect(parseConditionText('!error')).to.deep.equal({ path: 'error', exists: false });
  });

  it('compare loosely where servers are loose', () => {
    expect(looseEquals('100', 100)).to.equal(true);
    expect(looseEquals(100, '100')).to.equal(true);
    expect(looseEquals('true', true)).to.equal(true);
    expect(looseEquals(undefined, null)).to.equal(true);
    expect(looseEquals('Complete', 'complete'), 'text is case-sensitive').to.equal(false);
    expect(check('progress >= 100', { progress: '100' })).to.equal(true);
    expect(check('progress > 5', { progress: 'many' })).to.equal(false);
  });

  it('test presence, membership, substrings and combinations', () => {
    expect(check('error', { error: 'x' })).to.equal(true);
    expect(check('error', { error: null })).to.equal(false);
    expect(check('!error', {})).to.equal(true);
    expect(check({ path: 'stage', in: ['error', 'failed'] }, { stage: 'failed' })).to.equal(true);
    expect(check({ path: 'stage', notIn: ['error', 'failed'] }, { stage: 'failed' })).to.equal(false);
    expect(check({ path: 'message', contains: 'timeout' }, { message: 'read timeout' })).to.equal(true);
    expect(check({ path: 'n', gt: 1, lte: 3 }, { n: 3 }), 'several operators must all hold').to.equal(true);
    expect(check({ path: 'n', gt: 1, lte: 3 }, { n: 4 })).to.equal(false);
    expect(check({ all: ['a', { not: 'b' }] }, { a: 1 })).to.equal(true);
    expect(check({ any: ['a == 2', 'b == 2'] }, { a: 1, b: 2 })).to.equal(true);
    expect(check({ any: ['a == 2', 'b == 2'] }, { a: 1, b: 1 })).to.equal(false);
    expect(check('$event == e', {})).to.equal(true);
  });

  it('report what is wrong, where', () => {
    expect(problems('')).to.deep.equal([{ path: '/when', message: 'must not be empty' }]);
    expect(problems('a === b')[0]?.path).to.equal('/when');
    expect(problems('a > "x"')[0]?.message).to.match(/needs a number/);
    expect(problems('a == {"x": 1}')[0]?.message).to.match(/cannot read the value/);
    expect(problems('__proto__ == 1')[0]?.message).to.match(/not allowed/);
    expect(problems(42)[0]?.path).to.equal('/when');
    expect(problems({ all: 'a' })).to.deep.equal([{ path: '/when/all', message: 'must be a non-empty array' }]);
    expect(problems({ all: ['a'], any: ['b'] })[0]?.message).to.match(/only key/);
    expect(problems({ path: 'a', in: [{}] })).to.deep.equal([
      { path: '/when/in', message: 'must be an array of strings, numbers, booleans or nulls' },
    ]);
    expect(problems({ path: 'a', exists: 'yes' })[0]?.path).to.equal('/when/exists');
    expect(problems({ not: { path: 'a' } })[0]?.path).to.equal('/when/not');
  });
});
