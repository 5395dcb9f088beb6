import { describe, expect, it } from 'vitest';
import { goldenReport } from '../helpers/report-builder.js';
import { interpretKey, splitKeys, type KeyPress } from '../../src/ui/keys.js';
import { initialState, uiReducer, visibleSpots, type UiAction, type UiState } from '../../src/ui/ui-state.js';

function ready(): UiState {
  const report = goldenReport();
  return uiReducer(initialState({ agents: ['opus', 'codex'], now: 0 }), { type: 'report', spots: report.spots, agents: report.agents });
}

/** Types keys the way the App does: each step's actions applied before the next key. */
function type(state: UiState, ...keys: (string | [string, KeyPress])[]): { state: UiState; effects: unknown[] } {
  const effects: unknown[] = [];
  for (const entry of keys) {
    const [input, key] = typeof entry === 'string' ? [entry, {}] : entry;
    const step = interpretKey(state, input, key, 10);
    state = step.actions.reduce<UiState>((next, action: UiAction) => uiReducer(next, action), state);
    if (step.effect) effects.push(step.effect);
  }
  return { state, effects };
}

const ENTER: [string, KeyPress] = ['', { return: true }];
const ESC: [string, KeyPress] = ['', { escape: true }];
const BACKSPACE: [string, KeyPress] = ['', { backspace: true }];

describe('keys', () => {
  it('d asks for an optional reason, then dismisses the selected spot with it', () => {
    const { state, effects } = type(ready(), 'j', 'd', 'f', 'l', 'a', 'x', BACKSPACE, 'k', 'y', ENTER);
    expect(effects).toEqual([{ type: 'decide', spot: state.spots[1], kind: 'dismissed', reason: 'flaky' }]);
    expect(state.overlay).toEqual({ kind: 'none' });
  });

  it('d with an empty reason dismisses without one; Esc cancels', () => {
    expect(type(ready(), 'd', ENTER).effects).toEqual([{ type: 'decide', spot: ready().spots[0], kind: 'dismissed' }]);
    expect(type(ready(), 'd', 'x', ESC).effects).toEqual([]);
  });

  it('a accepts, and a again on an accepted spot undoes it', () => {
    const state = ready();
    expect(type(state, 'a').effects).toEqual([{ type: 'decide', spot: state.spots[0], kind: 'accepted' }]);
    const accepted = uiReducer(state, { type: 'decided', spotId: state.spots[0]!.id, decision: { kind: 'accepted' } });
    expect(type(accepted, 'a').effects).toEqual([{ type: 'undecide', spot: state.spots[0] }]);
  });

  it('f picks an agent (by number or j/k) and asks the typed question', () => {
    const state = ready();
    expect(type(state, 'f', '2', ...'why?', ENTER).effects).toEqual([{ type: 'ask', spot: state.spots[0], agent: 'codex', question: 'why?' }]);
    expect(type(state, 'f', 'j', 'j', ENTER, ...'ok', ENTER).effects).toEqual([{ type: 'ask', spot: state.spots[0], agent: 'opus', question: 'ok' }]);
    expect(type(state, 'f', ENTER, ENTER).effects).toEqual([]);
  });

  it('v verifies the selected spot, o opens the editor at its first line; before the report there is nothing to act on', () => {
    const state = ready();
    expect(type(state, 'v').effects).toEqual([{ type: 'verify', spot: state.spots[0] }]);
    expect(type(state, 'j', 'o').effects).toEqual([{ type: 'edit', file: 'src/sum.ts', line: 12 }]);
    expect(type(initialState({ agents: ['opus'], now: 0 }), 'v', 'o', 'a').effects).toEqual([]);
  });

  it('/ filters as it is typed, with status:, severity: and file: terms', () => {
    const { state } = type(ready(), '/', ...'status:solo');
    expect(visibleSpots(state).map((spot) => spot.status)).toEqual(['solo']);
    const kept = type(state, ENTER).state;
    expect(kept.filter).toEqual({ text: '', status: 'solo' });
    expect(type(kept, 'c').state.filter).toEqual({ text: '' });
    expect(visibleSpots(type(ready(), '/', ...'file:cache.ts sev:high', ENTER).state).map((spot) => spot.title)).toEqual(['Possible null dereference']);
  });

  it('q quits at once when nothing runs, and asks first while the panel runs (y stops it, anything else stays)', () => {
    expect(type(ready(), 'q').effects).toEqual([{ type: 'quit', abort: false }]);
    const running = initialState({ agents: ['opus'], now: 0 });
    const asked = type(running, 'q');
    expect(asked.state.overlay).toEqual({ kind: 'confirm-quit' });
    expect(type(asked.state, 'y').effects).toEqual([{ type: 'quit', abort: true }]);
    expect(type(asked.state, 'n').state.overlay).toEqual({ kind: 'none' });
  });

  it('in the detail view, j/k step through spots and space/b page the text', () => {
    const { state } = type(ready(), ENTER, 'j', ' ', ' ', 'b');
    expect(state.view).toBe('detail');
    expect(state.selectedId).toBe(ready().spots[1]!.id);
    expect(state.detailScroll).toBe(8);
    expect(type(state, ESC).state.view).toBe('list');
    expect(type(state, ['', { home: true }]).state.detailScroll).toBe(0);
    expect(type(state, ['', { end: true }]).state.detailScroll).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('splits keys that arrived together into single presses, Enter and Backspace included', () => {
    expect(splitKeys('j\rf', {})).toEqual([['j', {}], ['', { return: true }], ['f', {}]]);
    expect(splitKeys('ab\u007f', {})).toEqual([['a', {}], ['b', {}], ['', { backspace: true }]]);
    expect(splitKeys('j', {})).toEqual([['j', {}]]);
    expect(splitKeys('', { upArrow: true })).toEqual([['', { upArrow: true }]]);
  });
});
