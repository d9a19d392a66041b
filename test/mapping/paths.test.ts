import { expect } from '@open-wc/testing';
import { parsePath, readPath, whereMissing, type ParsedPath } from '../../src/mapping/paths.js';
import { message } from './helpers.js';

function parsed(text: string): ParsedPath {
  const path = parsePath(text);
  if (typeof path === 'string') throw new Error(path);
  return path;
}

function read(text: string, data: unknown, event = 'progress', id?: string): unknown {
  return readPath(parsed(text), { data, message: message(event, typeof data === 'string' ? data : JSON.stringify(data ?? null), id) });
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
      expect(typeof parsePath(text), text).to.equal('string');
    }
  });

  it('never read inherited properties', () => {
    const data: unknown = JSON.parse('{"own": 1, "__proto__": {"inherited": 2}}');
    expect(read('own', data)).to.equal(1);
    expect(read('inherited', data)).to.equal(undefined);
    expect(read('toString', {})).to.equal(undefined);
    expect(read('hasOwnProperty', {})).to.equal(undefined);
    const crafted: ParsedPath = { text: 'x', root: 'data', segments: ['constructor', 'prototype'] };
    expect(readPath(crafted, { data: {}, message: message('p', '{}') }), 'even a path built by hand').to.equal(undefined);
  });

  it('explain where a read stopped, listing the keys that were there', () => {
    const data = { state: { processed_items: 3, total_items: 9 } };
    const source = { data, message: message('p', data) };
    expect(whereMissing(parsed('state.enriched_items'), source)).to.deep.equal({ segment: 'enriched_items', index: 1, available: ['processed_items', 'total_items'] });
    expect(whereMissing(parsed('state.total_items'), source)).to.equal(undefined);
    expect(whereMissing(parsed('stats.count'), source)).to.deep.equal({ segment: 'stats', index: 0, available: ['state'] });
  });
});
