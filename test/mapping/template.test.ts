import { expect } from '@open-wc/testing';
import { parseTemplate, renderTemplate } from '../../src/mapping/template.js';
import { message } from './helpers.js';

function render(text: string, data: unknown, missing: string[] = []): string | undefined {
  expect(parseTemplate(text), text).to.be.an('array');
  return renderTemplate(text, { data, message: message('batch', data) }, missing);
}

describe('templates', () => {
  it('fill placeholders from the data', () => {
    expect(render('Loaded {count} orders', { count: 1234 })).to.equal('Loaded 1234 orders');
    expect(render('Batch {b.current} of {b.total}', { b: { current: 3, total: 10 } })).to.equal('Batch 3 of 10');
    expect(render('{ratio} done, ok: {ok}', { ratio: 0.333333, ok: true })).to.equal('0.33 done, ok: true');
    expect(render('Event {$event}', {})).to.equal('Event batch');
    expect(render('No placeholders', {})).to.equal('No placeholders');
  });

  it('treat a missing value as a missing result, unless the placeholder is optional', () => {
    const missing: string[] = [];
    expect(render('Batch {a} of {b}', { a: 3 }, missing)).to.equal(undefined);
    expect(missing).to.deep.equal(['b']);
    expect(render('Item {mpn}{note?}', { mpn: 'LM358' })).to.equal('Item LM358');
    expect(render('Value {v}', { v: { nested: 1 } }), 'objects are not text').to.equal(undefined);
    expect(render('Value {v}', { v: null })).to.equal(undefined);
  });

  it('keep literal braces written twice', () => {
    expect(render('{{literal}} {x} }}', { x: 1 })).to.equal('{literal} 1 }');
  });

  it('report malformed templates', () => {
    expect(parseTemplate('Batch {a')).to.match(/unmatched "\{" or "}"/);
    expect(parseTemplate('a } b')).to.match(/unmatched "\{" or "}"/);
    expect(parseTemplate('x {}')).to.match(/must not be empty/);
    expect(parseTemplate('x {__proto__}')).to.match(/not allowed/);
    expect(parseTemplate('x {a {b}}')).to.match(/unmatched/);
  });

  it('never evaluate code', () => {
    const globals = globalThis as { touched?: boolean };
    // Whatever is between braces is only ever a key to look up.
    expect(render('{globalThis.touched = true}', {})).to.equal(undefined);
    expect(render('{alert(1)}', { 'alert(1)': 'just a key' })).to.equal('just a key');
    expect(globals.touched).to.equal(undefined);
  });
});
