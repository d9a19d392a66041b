import { expect } from '@open-wc/testing';
import { grammarKeys } from '../../src/mapping/grammar.js';
import {
  validateMapping,
  type ActivitySpec,
  type AllCondition,
  type AnyCondition,
  type ComparisonCondition,
  type DeriveOptions,
  type EventRule,
  type FromStepsSpec,
  type Mapping,
  type NotCondition,
  type RatioSpec,
  type StepDeclaration,
  type StepSpec,
  type ValueObject,
} from '../../src/mapping/index.js';

// The grammar cannot drift from the types: the validator's tables `satisfies` a schema of each
// type (src/mapping/grammar.ts), and the assertions below fail to compile (`npm run typecheck`)
// when a list of keys is not exactly its type's keys. test/node/mapping/readme-keys.test.ts
// holds the README to the same lists.

const GRAMMAR = grammarKeys();
type Grammar = ReturnType<typeof grammarKeys>;

/** `true` only when A and B are the same union of keys. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type KeysOf<Part extends keyof Grammar> = Grammar[Part][number];

const tiedToTheTypes: { [Part in keyof Grammar]: true } = {
  mapping: true satisfies Same<KeysOf<'mapping'>, keyof Mapping>,
  rule: true satisfies Same<KeysOf<'rule'>, keyof EventRule>,
  step: true satisfies Same<KeysOf<'step'>, keyof StepSpec>,
  stepDeclaration: true satisfies Same<KeysOf<'stepDeclaration'>, keyof StepDeclaration>,
  valueObject: true satisfies Same<KeysOf<'valueObject'>, keyof ValueObject>,
  ratio: true satisfies Same<KeysOf<'ratio'>, keyof RatioSpec>,
  fromSteps: true satisfies Same<KeysOf<'fromSteps'>, keyof FromStepsSpec>,
  condition: true satisfies Same<KeysOf<'condition'>, keyof (ComparisonCondition & AllCondition & AnyCondition & NotCondition)>,
  activityLine: true satisfies Same<KeysOf<'activityLine'>, keyof Exclude<ActivitySpec, string>>,
  derive: true satisfies Same<KeysOf<'derive'>, keyof DeriveOptions>,
};

/** Where each part of a mapping sits: a mapping with `extra` added to that part, and the pointer to it. */
const PLACES: Record<keyof Grammar, (extra: Record<string, unknown>) => [mapping: unknown, at: string]> = {
  mapping: (extra) => [{ events: { p: {} }, ...extra }, ''],
  rule: (extra) => [{ events: { p: extra } }, '/events/p'],
  step: (extra) => [{ events: { p: { step: { id: 's', ...extra } } } }, '/events/p/step'],
  stepDeclaration: (extra) => [{ steps: [{ id: 's', ...extra }], events: { p: {} } }, '/steps/0'],
  valueObject: (extra) => [{ events: { p: { message: { path: 'a', ...extra } } } }, '/events/p/message'],
  ratio: (extra) => [{ events: { p: { percent: { current: 'a', total: 'b', ...extra } } } }, '/events/p/percent'],
  fromSteps: (extra) => [{ events: { p: { percent: { fromSteps: true, ...extra } } } }, '/events/p/percent'],
  condition: (extra) => [{ events: { p: { when: { path: 'a', exists: true, ...extra } } } }, '/events/p/when'],
  activityLine: (extra) => [{ events: { p: { activity: { text: 'x', ...extra } } } }, '/events/p/activity'],
  derive: (extra) => [{ derive: extra, events: { p: {} } }, '/derive'],
};

const unknownKeys = (mapping: unknown): string[] =>
  validateMapping(mapping)
    .filter((issue) => issue.message === 'is not a known key')
    .map((issue) => issue.path);

describe('the mapping grammar', () => {
  it('lists, for each part of a mapping, exactly the keys the validator accepts there', () => {
    expect(Object.values(tiedToTheTypes).every(Boolean)).to.equal(true);
    for (const [part, place] of Object.entries(PLACES) as Array<[keyof Grammar, (typeof PLACES)[keyof Grammar]]>) {
      for (const key of GRAMMAR[part]) {
        const [mapping] = place({ [key]: 1 });
        expect(unknownKeys(mapping), `${part}.${key}`).to.deep.equal([]);
      }
      const [mapping, at] = place({ notAKey: 1 });
      expect(unknownKeys(mapping), part).to.deep.equal([`${at}/notAKey`]);
    }
  });

  it('validates re-entrantly: a mapping validated while another one is keeps its own problems', () => {
    const inner = { events: {} };
    let innerIssues: unknown;
    // A getter (or a Proxy, as reactive frameworks wrap objects) may run code mid-validation.
    const outer = {
      bogus: 1,
      events: {
        get p() {
          innerIssues = validateMapping(inner);
          return { percnt: 'x' };
        },
      },
      unknownEvents: 'loud',
    };
    const issues = validateMapping(outer).map((issue) => issue.path);
    expect(issues).to.deep.equal(['/bogus', '/events/p/percnt', '/unknownEvents']);
    expect(innerIssues).to.deep.equal([{ path: '/events', message: 'must be an object with at least one event' }]);
  });
});
