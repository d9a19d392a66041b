import { expect } from '@open-wc/testing';
import { createInitialState, currentStepLabel, elapsedMs, formatStepPosition, stepPosition } from '../../src/mapping/index.js';

describe('values derived at render time', () => {
  it('say "Step N of M", never past the count', () => {
    const state = { ...createInitialState(), steps: [{ id: 'a', label: 'Load', status: 'active' as const }], stepIndex: 1, stepCount: 5 };
    expect(stepPosition(state)).to.deep.equal({ number: 2, count: 5 });
    expect(formatStepPosition(state)).to.equal('Step 2 of 5');
    expect(formatStepPosition(state, (n, m) => `Schritt ${n} von ${m}`)).to.equal('Schritt 2 von 5');
    expect(stepPosition({ ...state, stepIndex: 9 })).to.deep.equal({ number: 5, count: 5 });
    expect(formatStepPosition(createInitialState())).to.equal('');
    expect(currentStepLabel({ ...state, stepIndex: 0 })).to.equal('Load');
    expect(currentStepLabel(state)).to.equal('');
  });

  it('measure elapsed time up to now while running, up to the end once ended', () => {
    const running = { ...createInitialState(), startedAt: 1000 };
    expect(elapsedMs(running, 4500)).to.equal(3500);
    expect(elapsedMs({ ...running, completedAt: 3000 }, 9999)).to.equal(2000);
    expect(elapsedMs(createInitialState(), 5)).to.equal(null);
  });
});
