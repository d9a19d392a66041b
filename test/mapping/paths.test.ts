import { expect } from '@open-wc/testing';
import { pathError, readPath } from '../../src/mapping/paths.js';
import { message } from './helpers.js';

function read(text: string, data: unknown, event = 'progress', id?: string): unknown {
  expect(pathError(text), text).to.equal(undefined);
  return readPath(text, { data, message: message(event, typeof data === 'string' ? data : JSON.stringify(data ?? null), id) });
}

describe('dot paths', () => {
  it('read nested fields and array indexes', () => {
    const data = { state: { current_item: { mpn: 'LM358' }, items: [{ id: 'a' }, { id: 'b' }] } };
    expect(read('state.current_item.mpn', data)).to.equal('LM358');
    expect(read('state.items.1.id', data)).to.equal('b');
    expect(read('state.items.2.id', data)).to.equal(undefined);
    expect(read('state.items.01', data), 'no leading zeros').to.equal(undefined);
    expect(read('state.items.length', data), 'arrays expose indexes only').to.equal(undefined);
    expect(read('state.current_item.mpn.length', data), 'strings are not walked').to.equal(undefined);
  });

  it('read the message itself through reserved roots', () => {
    expect(read('$', 42)).to.equal(42);
    expect(read('$.a', { a: 1 })).to.equal(1);
    expect(read('$event', {}, 'stage')).to.equal('stage');
    expect(read('$id', {}, 'stage', '17')).to.equal('17');
    expect(read('$raw', 'plain text')).to.equal('plain text');
  });

  it('refuse prototype segments and unknown roots when parsing', () => {
    for (const text of ['__proto__', 'a.__proto__.b', 'constructor', 'a.prototype', '', 'a..b', ' a', '$env', '$event.x']) {
      expect(typeof pathError(text), text).to.equal('string');
    }
  });

  it('never read inherited properties', () => {
    const data: unknown = JSON.parse('{"own": 1, "__proto__": {"inherited": 2}}');
    expect(read('own', data)).to.equal(1);
    expect(read('inherited', data)).to.equal(undefined);
    expect(read('toString', {})).to.equal(undefined);
    expect(read('hasOwnProperty', {})).to.equal(undefined);
    expect(readPath('constructor.prototype', { data: {}, message: message('p', '{}') }), 'even a path that was never checked').to.equal(
      undefined,
    );
    expect(readPath('a.__proto__', { data: { a: {} }, message: message('p', '{}') })).to.equal(undefined);
  });
});
